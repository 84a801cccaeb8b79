using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>
/// "meine ideen" (ideas.mine): the ideas the person submitted (anonymous ones too: only they see them here) or came
/// to through a merge, and the ideas they support, each with its status, the Lotsen's last public answer and buttons.
/// Which ideas are someone's is private (an anonymous idea's submitter, who supports what), so in a group chat or
/// channel the card goes to the person's 1:1 chat and the shared conversation only hears that it was sent.
/// </summary>
public sealed class ShowMyIdeas(LabDbContext db, MyIdeas mine, IdeaView view, OutboxWriter outbox) : ITurnHandler, IVerbHandler
{
    /// <summary>Rows per group: up to two buttons each; the rest is counted.</summary>
    public const int MaxShown = 10;

    /// <summary>How much of the last answer a row repeats; the idea's card shows it whole.</summary>
    public const int AnswerLength = 160;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var card = turn.Card("ideas/mine", await DataAsync(turn, ct));
        if (turn.IsPersonal)
        {
            turn.Reply(Activity.Card(card));
            return;
        }
        await SendPrivatelyAsync(turn, card, ct);
        turn.Reply(Activity.Message(turn.Word("error.privateReply")));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var card = turn.Card("ideas/mine", await DataAsync(turn, ct));
        // Action.Execute answers only the clicker; an Action.Submit (older clients) arrives as a message everyone reads.
        if (turn.IsPersonal || turn.Activity.Type != ActivityTypes.Message) return new VerbResult.Card(card);
        await SendPrivatelyAsync(turn, card, ct);
        return new VerbResult.Message(turn.Word("error.privateReply"));
    }

    private async Task SendPrivatelyAsync(TurnContext turn, JsonObject card, CancellationToken ct)
    {
        if (turn.UserAadObjectId is not { Length: > 0 } user || turn.Activity.TenantId is not { Length: > 0 } tenant) return;
        // The activity id keys it: Teams re-delivers.
        var key = turn.Activity.Id is { Length: > 0 and <= 128 } id ? id : Guid.NewGuid().ToString("N");
        await outbox.ToUserAsync("ideas.mine:" + key, tenant, user, Activity.Card(card), ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task<JsonObject> DataAsync(TurnContext turn, CancellationToken ct)
    {
        var list = await mine.ForAsync(turn.UserAadObjectId ?? "", MaxShown, ct);
        var groups = new JsonArray();
        if (list.Authored.Count > 0) groups.Add(Group(turn, "ideasBrowse.mine.authored", list.Authored, list.AuthoredTotal, supported: false));
        if (list.Supported.Count > 0) groups.Add(Group(turn, "ideasBrowse.mine.supported", list.Supported, list.SupportedTotal, supported: true));
        return new JsonObject { ["groups"] = groups, ["empty"] = groups.Count == 0 };
    }

    private JsonObject Group(TurnContext turn, string heading, IReadOnlyList<MyIdea> rows, int total, bool supported)
    {
        var lang = turn.Lang;
        var items = new JsonArray();
        foreach (var r in rows)
        {
            var notes = new List<string>();
            if (r.Anonymous) notes.Add(turn.Word("ideasBrowse.mine.anonymous"));
            if (r.FromIdeaId != r.IdeaId) notes.Add(turn.Format("ideasBrowse.mine.fromMerge", r.FromIdeaId));
            var answer = r is { AnsweredAtUtc: { } at, Answer: { } text }
                ? turn.Format("ideasBrowse.mine.lastAnswer", view.Day(lang, at), CardText.Plain(text, AnswerLength))
                : turn.Word("ideasBrowse.mine.noAnswer");
            var label = IdeaView.Label(r.IdeaId, r.Title);
            items.Add(new JsonObject
            {
                ["id"] = r.IdeaId,
                ["title"] = turn.Format("ideasBrowse.ideaTitle", r.IdeaId, CardText.Plain(r.Title, IdeaLimits.Title)),
                ["status"] = turn.Format("ideasBrowse.status", view.Status(lang, r.Status, r.MergedIntoId)),
                ["note"] = string.Join(". ", notes),
                ["hasNote"] = notes.Count > 0,
                ["answer"] = answer,
                ["detailsTitle"] = turn.Format("ideasBrowse.action.details", label),
                ["canUnsupport"] = supported && !r.Status.IsClosed(),
                ["unsupportTitle"] = turn.Format("ideasBrowse.action.unsupport", label),
            });
        }
        var more = total - rows.Count;
        return new JsonObject
        {
            ["heading"] = turn.Word(heading),
            ["rows"] = items,
            ["hasMore"] = more > 0,
            ["more"] = more > 0 ? turn.Format("ideasBrowse.mine.more", more) : "",
        };
    }
}
