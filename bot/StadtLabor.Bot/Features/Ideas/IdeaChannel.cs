using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// The Lotsen's team channel (Ideas:LotsenConversationId): every new idea is posted there as a card with triage
/// buttons, and the same message is updated in place whenever the idea changes (the outbox's update of the message it
/// sent, keyed by the idea's version), so everyone in the channel sees the current state. Written in German: the
/// channel is shared. It shows no support count: supports do not change the idea's version (a Lotse's open card
/// stays valid), so the channel's card would lag behind. Nothing is posted when no channel is set or the bot is not in
/// it. An anonymous idea's card names no submitter.
/// </summary>
public sealed class IdeaChannel(LabDbContext db, OutboxWriter outbox, CardRenderer cards, Strings strings,
    IConversationDirectory directory, IOptions<IdeasOptions> options)
{
    public static string PostKey(long ideaId) => $"ideas.channel:{ideaId}";

    public static string UpdateKey(Idea idea)
    {
        ArgumentNullException.ThrowIfNull(idea);
        return $"ideas.channel:{idea.Id}:v{idea.Version}";
    }

    public async Task PostNewAsync(Idea idea, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idea);
        var conversationId = options.Value.LotsenConversationId.Trim();
        if (conversationId.Length == 0) return;
        if (await directory.FindConversationAsync(conversationId, ct) is not { } channel) return;
        var card = await RenderAsync(idea, ct);
        await outbox.ToConversationAsync(PostKey(idea.Id), channel.TenantId, channel.ServiceUrl, channel.ConversationId,
            Activity.Card(card), ct);
    }

    /// <summary>After a change under the IdeaLock (call before its commit): the channel's card shows the new state.</summary>
    public async Task RefreshAsync(Idea idea, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idea);
        // An idea from before the channel was set has no card there: nothing to update.
        await outbox.UpdateAsync(UpdateKey(idea), PostKey(idea.Id), Activity.Card(await RenderAsync(idea, ct)), ct);
    }

    /// <summary>The channel card of an idea as it is now (also the answer to a click on it, for the clicking Lotse).</summary>
    public Task<JsonObject> RenderAsync(Idea idea, CancellationToken ct) => RenderAsync(idea, "", ct);

    /// <summary>
    /// The same with a line for the clicking Lotse only (what their click did, or that someone was quicker); the card
    /// everyone sees carries none.
    /// </summary>
    public async Task<JsonObject> RenderAsync(Idea idea, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idea);
        ArgumentNullException.ThrowIfNull(notice);
        var lang = Strings.German;
        var submitter = idea.Anonymous
            ? strings.Get(lang, "ideas.channel.anonymous")
            : await db.IdeaAuthors().AsNoTracking().Where(a => a.IdeaId == idea.Id && !a.Anonymous && a.OriginalIdeaId == idea.Id)
                .Select(a => a.Name).FirstOrDefaultAsync(ct) ?? "";
        return cards.Render("ideas/channel", lang, new JsonObject
        {
            ["ideaId"] = idea.Id,
            ["version"] = idea.Version,
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["title"] = strings.Format(lang, "ideas.channel.title", idea.Id, CardText.Plain(idea.Title, IdeaLimits.Title)),
            ["description"] = CardText.Plain(idea.Description, 600),
            ["status"] = strings.Format(lang, "ideas.channel.status", strings.Get(lang, "ideas.status." + idea.Status.Key())),
            ["submitter"] = CardText.Plain(submitter, IdeaLimits.Name),
            ["department"] = idea.Department.Length > 0 ? idea.Department : strings.Get(lang, "ideas.department.all"),
            ["assigned"] = idea.AssignedName is { Length: > 0 } name ? CardText.Plain(name, IdeaLimits.Name) : strings.Get(lang, "ideas.channel.unassigned"),
            ["due"] = Wording.Day(lang, idea.FirstResponseDueOn, idea.SubmittedAtUtc),
            ["canAssign"] = idea.AssignedAadObjectId is null && !idea.Status.IsClosed(),
            ["assignTitle"] = strings.Format(lang, "ideas.channel.assignMe", idea.Id),
            ["openTitle"] = strings.Format(lang, "ideas.channel.open", idea.Id),
        });
    }
}
