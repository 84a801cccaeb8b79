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
public sealed class ShowMyIdeas(LabDbContext db, IdeaView view, OutboxWriter outbox) : ITurnHandler, IVerbHandler
{
    /// <summary>Rows per group: up to two buttons each; the rest is counted.</summary>
    public const int MaxShown = 10;

    /// <summary>How much of the last answer a row repeats; the idea's card shows it whole.</summary>
    private const int AnswerLength = 160;

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

    private sealed record Row(long IdeaId, string Title, IdeaStatus Status, long? MergedIntoId, bool Anonymous, long FromIdeaId);

    private async Task<JsonObject> DataAsync(TurnContext turn, CancellationToken ct)
    {
        var user = turn.UserAadObjectId ?? "";
        var authored = await (from a in db.IdeaAuthors().AsNoTracking()
                              join i in db.Ideas().AsNoTracking() on a.IdeaId equals i.Id
                              where a.UserAadObjectId == user
                              orderby i.SubmittedAtUtc descending, i.Id descending
                              select new Row(i.Id, i.Title, i.Status, i.MergedIntoId, a.Anonymous, a.OriginalIdeaId))
            .ToListAsync(ct);
        var supported = await (from s in db.IdeaSupports().AsNoTracking()
                               join i in db.Ideas().AsNoTracking() on s.IdeaId equals i.Id
                               where s.UserAadObjectId == user
                               orderby s.CreatedAtUtc descending, s.Id descending
                               select new Row(i.Id, i.Title, i.Status, i.MergedIntoId, false, i.Id))
            .ToListAsync(ct);

        // A merged idea whose target the person has too (a merge carries authors and supporters over) is shown once:
        // as the target, which says where it came from.
        var authoredIds = authored.Select(r => r.IdeaId).ToHashSet();
        var allIds = authoredIds.Concat(supported.Select(r => r.IdeaId)).ToHashSet();
        var mine = authored.DistinctBy(r => r.IdeaId).Where(r => !Covered(r, allIds)).ToList();
        var theirs = supported.Where(r => !authoredIds.Contains(r.IdeaId) && !Covered(r, allIds)).ToList();
        var shownMine = mine.Take(MaxShown).ToList();
        var shownTheirs = theirs.Take(MaxShown).ToList();
        var answers = await LastAnswersAsync([.. shownMine.Select(r => r.IdeaId), .. shownTheirs.Select(r => r.IdeaId)], ct);

        var groups = new JsonArray();
        if (shownMine.Count > 0) groups.Add(Group(turn, "ideasBrowse.mine.authored", shownMine, mine.Count, answers, supported: false));
        if (shownTheirs.Count > 0) groups.Add(Group(turn, "ideasBrowse.mine.supported", shownTheirs, theirs.Count, answers, supported: true));
        return new JsonObject { ["groups"] = groups, ["empty"] = groups.Count == 0 };
    }

    private static bool Covered(Row r, HashSet<long> ids) => r.Status == IdeaStatus.Merged && r.MergedIntoId is { } t && ids.Contains(t);

    private JsonObject Group(TurnContext turn, string heading, List<Row> rows, int total, Dictionary<long, (DateTime At, string Text)> answers, bool supported)
    {
        var lang = turn.Lang;
        var items = new JsonArray();
        foreach (var r in rows)
        {
            var notes = new List<string>();
            if (r.Anonymous) notes.Add(turn.Word("ideasBrowse.mine.anonymous"));
            if (r.FromIdeaId != r.IdeaId) notes.Add(turn.Format("ideasBrowse.mine.fromMerge", r.FromIdeaId));
            var answer = answers.TryGetValue(r.IdeaId, out var a)
                ? turn.Format("ideasBrowse.mine.lastAnswer", view.Day(lang, a.At), CardText.Plain(a.Text, AnswerLength))
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

    /// <summary>Each idea's newest public answer (never an internal comment).</summary>
    private async Task<Dictionary<long, (DateTime At, string Text)>> LastAnswersAsync(List<long> ideaIds, CancellationToken ct)
    {
        if (ideaIds.Count == 0) return [];
        var lastIds = await db.IdeaEvents().AsNoTracking()
            .Where(e => ideaIds.Contains(e.IdeaId) && e.Public && e.Text != "")
            .GroupBy(e => e.IdeaId).Select(g => g.Max(e => e.Id))
            .ToListAsync(ct);
        return await db.IdeaEvents().AsNoTracking().Where(e => lastIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.IdeaId, e => (e.CreatedAtUtc, e.Text), ct);
    }
}
