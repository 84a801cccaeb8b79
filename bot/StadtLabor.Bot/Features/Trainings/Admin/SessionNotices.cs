using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

public enum AnnounceResult
{
    Announced,
    AlreadyAnnounced,

    /// <summary>Trainings:AnnounceConversationId is empty.</summary>
    NoChannel,

    /// <summary>Configured, but the app is not (or no longer) installed there.</summary>
    ChannelMissing,
}

/// <summary>
/// The messages the lab team's changes cause: "new session" to those who asked for the tool, the announcement in the
/// channel, "changed" and "cancelled" to everyone holding a seat, an offer or a waitlist place. All go through the
/// outbox in the caller's transaction, each with a dedupe key, so a change delivered twice tells nobody twice.
/// </summary>
public sealed class SessionNotices(
    LabDbContext db, OutboxWriter outbox, CardRenderer cards, Strings strings, SessionView view, Languages languages,
    IConversationDirectory directory, IOptions<TrainingsOptions> options, TimeProvider time)
{
    /// <summary>Everyone with an open interest in the session's tool, once per interest (marked as told in the same transaction).</summary>
    public async Task<int> TellInterestedAsync(TrainingSession session, string toolName, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var interests = await db.TrainingInterests()
            .Where(i => i.ToolId == session.ToolId && i.NotifiedAtUtc == null)
            .OrderBy(i => i.Id).ToListAsync(ct);
        foreach (var tenant in interests.GroupBy(i => i.TenantId))
        {
            var langs = await languages.ForPeopleAsync(tenant.Key, tenant.Select(i => i.UserAadObjectId), ct);
            await outbox.ToUsersAsync(tenant.Key, tenant.Select(i => (Interest: i, Lang: langs.Of(i.UserAadObjectId, i.Lang))).Select(x => ($"trainings.interest:{x.Interest.Id}", x.Interest.UserAadObjectId,
                Activity.Card(Card(session, toolName, x.Lang, strings.Format(x.Lang, "trainingsAdmin.notice.interest", CardText.Plain(toolName)))))), ct);
        }
        foreach (var interest in interests)
        {
            interest.NotifiedAtUtc = now;
            interest.NotifiedSessionId = session.Id;
        }
        return interests.Count;
    }

    /// <summary>Posts the session to the configured channel once (German: the channel is shared).</summary>
    public async Task<AnnounceResult> AnnounceAsync(TrainingSession session, string toolName, CancellationToken ct)
    {
        if (session.AnnouncedAtUtc is not null) return AnnounceResult.AlreadyAnnounced;
        var conversationId = options.Value.AnnounceConversationId.Trim();
        if (conversationId.Length == 0) return AnnounceResult.NoChannel;
        if (await directory.FindConversationAsync(conversationId, ct) is not { } channel) return AnnounceResult.ChannelMissing;

        var lang = Strings.German;
        await outbox.ToConversationAsync($"trainings.announce:{session.Id}", channel.TenantId, channel.ServiceUrl,
            channel.ConversationId, Activity.Card(Card(session, toolName, lang, strings.Get(lang, "trainingsAdmin.notice.announcement"))), ct);
        session.AnnouncedAtUtc = time.GetUtcNow().UtcDateTime;
        return AnnounceResult.Announced;
    }

    /// <summary>
    /// One card to each of these people about this change. <paramref name="change"/> names the change uniquely for the
    /// session (e.g. its lock stamp), so the same change delivered twice is sent once and a later change is sent again.
    /// </summary>
    public async Task TellAsync(TrainingSession session, IEnumerable<Registration> people, string kind, string change,
        string headlineKey, CancellationToken ct)
    {
        var toolName = await view.ToolNameAsync(session.ToolId, ct);
        foreach (var tenant in people.GroupBy(p => p.TenantId))
        {
            var langs = await languages.ForPeopleAsync(tenant.Key, tenant.Select(p => p.UserAadObjectId), ct);
            await outbox.ToUsersAsync(tenant.Key, tenant.Select(p => (Registration: p, Lang: langs.Of(p.UserAadObjectId, p.Lang))).Select(x => (
                $"trainings.{kind}:{session.Id}:{change}:{x.Registration.Id}", x.Registration.UserAadObjectId,
                Activity.Card(Card(session, toolName, x.Lang, strings.Get(x.Lang, headlineKey))))), ct);
        }
    }

    /// <summary>The line on the lab team's card about the announcement (empty when it was announced before).</summary>
    internal static string AnnounceNotice(AdminWords words, AnnounceResult result) => result switch
    {
        AnnounceResult.Announced => words.Word("trainingsAdmin.done.announced"),
        AnnounceResult.NoChannel => words.Word("trainingsAdmin.done.noChannel"),
        AnnounceResult.ChannelMissing => words.Word("trainingsAdmin.done.channelMissing"),
        _ => "",
    };

    private JsonObject Card(TrainingSession session, string toolName, string lang, string headline) =>
        cards.Render("trainings/notice", lang, new JsonObject
        {
            ["headline"] = headline,
            ["session"] = view.Summary(session, toolName, lang),
        });
}
