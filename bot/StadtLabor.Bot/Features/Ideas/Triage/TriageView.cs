using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>What the triage card says besides the idea: what the last click did, and a refused input kept with its error.</summary>
public sealed record TriageState(string Notice = "", string ReasonError = "", string Reason = "", string CommentError = "",
    string Comment = "", string Visibility = CommentIdea.Internal)
{
    public bool HasErrors => ReasonError.Length > 0 || CommentError.Length > 0;
}

/// <summary>
/// The data of ideas/triage: everything about one idea for the Lotsen (title, description, whom it helps, tags,
/// status, who submitted it, support count, due day, who is in charge, the whole history with internal notes marked
/// "intern") and the actions its status allows. An anonymous idea names no submitter: only the authors who came with
/// a merge and did not submit anonymously are named. The card carries the idea's version, so a change made from it
/// after someone else's is refused with the new state.
/// </summary>
public sealed class TriageView(LabDbContext db, TimeProvider time)
{
    public const int HistoryShown = 15;
    public const int LotsenOffered = 50;

    public async Task<JsonObject> RenderAsync(TurnContext turn, Idea idea, TriageState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(idea);
        ArgumentNullException.ThrowIfNull(state);
        return turn.Card("ideas/triage", await DataAsync(turn, idea, state, ct));
    }

    public async Task<JsonObject> DataAsync(TurnContext turn, Idea idea, TriageState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(idea);
        ArgumentNullException.ThrowIfNull(state);
        var now = time.GetUtcNow().UtcDateTime;
        var lang = turn.Lang;
        var open = !idea.Status.IsClosed();
        var history = await db.IdeaEvents().AsNoTracking().Where(e => e.IdeaId == idea.Id).OrderByDescending(e => e.Id)
            .Take(HistoryShown).ToListAsync(ct);
        var total = await db.IdeaEvents().CountAsync(e => e.IdeaId == idea.Id, ct);
        var me = turn.UserAadObjectId ?? "";
        var others = await db.IdeaLotsen().AsNoTracking().Where(l => l.UserAadObjectId != me && l.UserAadObjectId != idea.AssignedAadObjectId)
            .OrderBy(l => l.Name).Take(LotsenOffered).Select(l => new { l.UserAadObjectId, l.Name }).ToListAsync(ct);

        var facts = new JsonArray
        {
            Fact(turn.Word("ideas.fact.status"), await StatusTextAsync(turn, idea, ct)),
            Fact(turn.Word("ideas.fact.submitter"), await SubmittersAsync(turn, idea, ct)),
            Fact(turn.Word("ideasTriage.fact.submitted"), Wording.Moment(lang, idea.SubmittedAtUtc, now)),
            Fact(turn.Word("ideas.fact.department"), idea.Department.Length > 0 ? idea.Department : turn.Word("ideas.department.all")),
            Fact(turn.Word("ideasTriage.fact.tags"), idea.Tags.Length > 0 ? idea.Tags.Replace(",", ", ", StringComparison.Ordinal) : turn.Word("ideasTriage.fact.noTags")),
            Fact(turn.Word("ideas.fact.supports"), Supports(turn, idea.SupportCount)),
            Fact(turn.Word("ideas.fact.assigned"), idea.AssignedName is { Length: > 0 } assigned ? CardText.Plain(assigned, IdeaLimits.Name) : turn.Word("ideas.channel.unassigned")),
            Fact(turn.Word("ideas.fact.due"), Due(turn, idea, now)),
        };

        var transitions = new JsonArray(TriageRules.Next(idea.Status).Where(s => s != IdeaStatus.Rejected)
            .Select(s => (JsonNode)new JsonObject { ["status"] = s.Key(), ["title"] = turn.Format("ideasTriage.show.to" + s, idea.Id) }).ToArray());
        var errors = state.HasErrors;
        return new JsonObject
        {
            ["ideaId"] = idea.Id,
            ["version"] = idea.Version,
            ["heading"] = turn.Format("ideasTriage.show.heading", idea.Id, CardText.Plain(idea.Title, IdeaLimits.Title)),
            ["description"] = CardText.Plain(idea.Description, IdeaLimits.Description),
            ["notice"] = state.Notice,
            ["hasNotice"] = state.Notice.Length > 0,
            ["hasErrors"] = errors,
            ["facts"] = facts,
            ["history"] = new JsonArray(history.Select(e => (JsonNode)new JsonObject
            {
                ["meta"] = Wording.Moment(lang, e.CreatedAtUtc, now),
                ["text"] = HistoryText(turn, e, idea.Id),
            }).ToArray()),
            ["hasOlder"] = total > history.Count,
            ["older"] = turn.Format("ideasTriage.show.historyOlder", total - history.Count),
            ["isOpen"] = open,
            ["isClosed"] = !open,
            ["canAssignMe"] = open && idea.AssignedAadObjectId != me,
            ["assignMeTitle"] = turn.Format("ideasTriage.show.assignMe", idea.Id),
            ["hasOthers"] = open && others.Count > 0,
            ["others"] = new JsonArray(others.Select(o => (JsonNode)new JsonObject { ["title"] = CardText.Plain(o.Name, IdeaLimits.Name), ["value"] = o.UserAadObjectId }).ToArray()),
            ["assignOtherTitle"] = turn.Format("ideasTriage.show.assignOther", idea.Id),
            ["assignOtherButton"] = turn.Format("ideasTriage.show.assignOtherButton", idea.Id),
            ["changeStatusTitle"] = turn.Format("ideasTriage.show.changeStatus", idea.Id),
            ["transitions"] = transitions,
            ["reason"] = state.Reason,
            ["reasonError"] = state.ReasonError,
            ["hasReasonError"] = state.ReasonError.Length > 0,
            ["rejectTitle"] = turn.Format("ideasTriage.show.reject", idea.Id),
            ["commentTitle"] = turn.Format("ideasTriage.show.comment", idea.Id),
            ["comment"] = state.Comment,
            ["commentError"] = state.CommentError,
            ["hasCommentError"] = state.CommentError.Length > 0,
            ["visibility"] = state.Visibility == CommentIdea.Public ? CommentIdea.Public : CommentIdea.Internal,
            ["commentMax"] = IdeaLimits.Comment,
            ["commentButton"] = turn.Format("ideasTriage.show.commentButton", idea.Id),
            ["canMerge"] = open,
            ["mergeTitle"] = turn.Format("ideasTriage.show.merge", idea.Id),
            ["tagsTitle"] = turn.Format("ideasTriage.show.tags", idea.Id),
        };
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    public static string Supports(TurnContext turn, int count) =>
        count == 1 ? turn.Word("ideasTriage.fact.supportsOne") : turn.Format("ideasTriage.fact.supportsOther", count);

    /// <summary>The due day with its weekday, and "überfällig" in words once it passed without a public answer.</summary>
    public static string Due(TurnContext turn, Idea idea, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(idea);
        var day = Wording.Day(turn.Lang, idea.FirstResponseDueOn, nowUtc);
        if (IdeaDeadline.IsOverdue(idea, LabTime.BerlinDate(new DateTimeOffset(nowUtc, TimeSpan.Zero)))) return turn.Format("ideasTriage.fact.overdue", day);
        return idea.FirstPublicAnswerAtUtc is null ? day : turn.Format("ideasTriage.fact.answered", day);
    }

    private async Task<string> StatusTextAsync(TurnContext turn, Idea idea, CancellationToken ct)
    {
        var status = turn.Word("ideas.status." + idea.Status.Key());
        if (idea.Status != IdeaStatus.Merged || idea.MergedIntoId is not { } target) return status;
        var title = await db.Ideas().AsNoTracking().Where(i => i.Id == target).Select(i => i.Title).FirstOrDefaultAsync(ct) ?? "";
        return turn.Format("ideasTriage.fact.mergedInto", target, CardText.Plain(title, IdeaLimits.Title));
    }

    /// <summary>
    /// Who submitted it, as the Lotsen may know it: never a name for an anonymous idea or an anonymous author (their
    /// rows hold none anyway); authors who came with a merge are named only when they did not submit anonymously.
    /// </summary>
    private async Task<string> SubmittersAsync(TurnContext turn, Idea idea, CancellationToken ct)
    {
        var (first, merged) = await SubmitterNamesAsync(idea, ct);
        var firstText = idea.Anonymous ? turn.Word("ideas.channel.anonymous") : CardText.Plain(first ?? "", IdeaLimits.Name);
        if (merged.Count == 0) return firstText;
        var list = string.Join(", ", merged.Select(n => CardText.Plain(n, IdeaLimits.Name)));
        return firstText.Length == 0 ? list : turn.Format("ideasTriage.fact.mergedIn", firstText, list);
    }

    /// <summary>
    /// The names the Lotsen may read (the card and the ideas board page both ask here): the submitter's, null for an
    /// anonymous idea, and those of the authors who came with a merge and did not submit anonymously.
    /// </summary>
    public async Task<(string? Submitter, IReadOnlyList<string> Merged)> SubmitterNamesAsync(Idea idea, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idea);
        var named = await db.IdeaAuthors().AsNoTracking().Where(a => a.IdeaId == idea.Id && !a.Anonymous && a.Name != "")
            .OrderBy(a => a.Id).Select(a => new { a.Name, a.OriginalIdeaId }).ToListAsync(ct);
        var first = idea.Anonymous ? null : named.Where(a => a.OriginalIdeaId == idea.Id).Select(a => a.Name).FirstOrDefault();
        return (first, named.Where(a => a.OriginalIdeaId != idea.Id).Select(a => a.Name).ToList());
    }

    private static string HistoryText(TurnContext turn, IdeaEvent e, long ideaId)
    {
        var actor = e.ActorName.Length > 0 ? CardText.Plain(e.ActorName, IdeaLimits.Name) : turn.Word("ideasTriage.history.someone");
        return e.Kind switch
        {
            IdeaEventKind.Submitted => turn.Word("ideasTriage.history.submitted"),
            IdeaEventKind.Assigned when e.AssigneeAadObjectId == e.ActorAadObjectId => turn.Format("ideasTriage.history.assignedSelf", actor),
            IdeaEventKind.Assigned => turn.Format("ideasTriage.history.assigned", actor, CardText.Plain(e.AssigneeName, IdeaLimits.Name)),
            IdeaEventKind.StatusChanged when e.Text.Length > 0 => turn.Format("ideasTriage.history.statusReason", actor, StatusWord(turn, e.ToStatus), CardText.Plain(e.Text, IdeaLimits.Comment)),
            IdeaEventKind.StatusChanged => turn.Format("ideasTriage.history.status", actor, StatusWord(turn, e.ToStatus)),
            IdeaEventKind.Comment => turn.Format(e.Public ? "ideasTriage.history.commentPublic" : "ideasTriage.history.commentInternal", actor, CardText.Plain(e.Text, IdeaLimits.Comment)),
            IdeaEventKind.Merged when e.ToStatus == IdeaStatus.Merged => turn.Format("ideasTriage.history.mergedInto", actor, e.OtherIdeaId ?? ideaId),
            IdeaEventKind.Merged => turn.Format("ideasTriage.history.mergedFrom", actor, e.OtherIdeaId ?? ideaId),
            IdeaEventKind.Tagged => turn.Format("ideasTriage.history.tagged", actor),
            _ => turn.Word("ideasTriage.history.escalated"),
        };
    }

    private static string StatusWord(TurnContext turn, IdeaStatus? status) =>
        turn.Word("ideas.status." + (status ?? IdeaStatus.Submitted).Key());
}
