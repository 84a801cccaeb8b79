using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// How a Lotsen click is answered. In the 1:1 chat: the triage card with the idea as it is now. On the Lotsen
/// channel's card (an Action.Execute there, whose answer Teams shows to the clicking person only): that channel card
/// as it is now, so the clicker's view matches what everyone else sees once the outbox has updated the shared message;
/// the triage card itself, with internal notes, then goes to the clicker's 1:1 chat. An Action.Submit from the channel
/// (older clients) is answered privately by the router, so it gets the triage card like the 1:1 chat.
/// </summary>
public sealed class TriageReply(LabDbContext db, TriageView view, IdeaChannel channel, Strings strings, IOptions<IdeasOptions> options)
{
    /// <summary>The click came from a card in the Lotsen channel (Teams adds ";messageid=…" to a channel thread's id).</summary>
    public bool FromChannel(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var channelId = options.Value.LotsenConversationId.Trim();
        if (channelId.Length == 0 || turn.Activity.Type != ActivityTypes.Invoke) return false;
        var conversation = turn.ConversationId;
        var cut = conversation.IndexOf(';', StringComparison.Ordinal);
        return string.Equals(cut < 0 ? conversation : conversation[..cut], channelId, StringComparison.Ordinal);
    }

    /// <summary>The idea read again (after a change or a refusal), for the answer.</summary>
    public Task<Idea?> FreshAsync(long ideaId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return db.Ideas().AsNoTracking().FirstOrDefaultAsync(i => i.Id == ideaId, ct);
    }

    /// <summary>The line for a card that was older than the idea: who changed it last, and that nothing was overwritten.</summary>
    public async Task<string> StaleLineAsync(string lang, long ideaId, CancellationToken ct)
    {
        var actor = await db.IdeaEvents().AsNoTracking().Where(e => e.IdeaId == ideaId).OrderByDescending(e => e.Id)
            .Select(e => e.ActorName).FirstOrDefaultAsync(ct) ?? "";
        return actor.Length > 0
            ? strings.Format(lang, "ideasTriage.stale.named", CardText.Plain(actor, IdeaLimits.Name))
            : strings.Get(lang, "ideasTriage.stale.someone");
    }

    /// <summary>
    /// The answer to a change (or its refusal). <paramref name="notice"/> is a word key with arguments, so the channel
    /// (always German: the channel is shared) and the 1:1 chat (the person's language) each get it in their words.
    /// </summary>
    public async Task<VerbResult> AnswerAsync(TurnContext turn, long ideaId, TriageNotice notice, CancellationToken ct, TriageState? kept = null)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(notice);
        if (await FreshAsync(ideaId, ct) is not { } idea) return TriageAnswers.BadRequest(turn);
        if (FromChannel(turn))
            return new VerbResult.Card(await channel.RenderAsync(idea, await notice.TextAsync(this, strings, Strings.German, ideaId, ct), ct));
        var state = (kept ?? new TriageState()) with { Notice = await notice.TextAsync(this, strings, turn.Lang, ideaId, ct) };
        return new VerbResult.Card(await view.RenderAsync(turn, idea, state, ct));
    }
}

/// <summary>What to tell the clicker above the card: nothing, a word with arguments, or the stale line.</summary>
public sealed record TriageNotice(string Key, object?[] Args, bool Stale = false)
{
    public static readonly TriageNotice None = new("", []);

    public static TriageNotice Of(string key, params object?[] args) => new(key, args);

    public static TriageNotice StaleCard { get; } = new("", [], Stale: true);

    public async Task<string> TextAsync(TriageReply reply, Strings strings, string lang, long ideaId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(strings);
        if (Stale) return await reply.StaleLineAsync(lang, ideaId, ct);
        if (Key.Length == 0) return "";
        // Status names travel as their key part and are put into words here, in the reader's language.
        var args = Args.Select(a => a is IdeaStatus s ? strings.Get(lang, "ideas.status." + s.Key()) : a).ToArray();
        return strings.Format(lang, Key, args);
    }
}
