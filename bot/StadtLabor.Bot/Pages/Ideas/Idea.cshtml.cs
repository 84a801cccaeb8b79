using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Triage;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Ideas;

/// <summary>
/// /ideen/{id}: one idea for the Lotsen, as the triage card shows it (same facts, the whole history with internal
/// notes), with the card's three changes: assign, change the status (a rejection only with a reason, which the idea's
/// people read), and comment internally or publicly (a public answer reaches the idea's people as from the card). Each
/// form carries the version it showed, like the card, so a change after a colleague's is refused with the new state.
/// An anonymous idea names no submitter (TriageView.SubmitterNamesAsync, the card's own rule).
/// </summary>
[LabRole(Role.Lotse)]
public sealed class IdeaModel(LabDbContext db, LotsenDirectory lotsen, TriageReply reply, Strings strings, TimeProvider time,
    TriageView view, AssignIdea assign, ChangeStatus change, CommentIdea comment) : LabPageModel
{
    public IdeaPages Ideas { get; } = new(db, lotsen, reply, strings, time);

    public Idea Idea { get; private set; } = null!;
    public string Submitters { get; private set; } = "";
    public IReadOnlyList<IdeaEvent> History { get; private set; } = [];
    public IReadOnlyList<LotseChoice> Others { get; private set; } = [];
    public string Me => Person.AadObjectId;

    [BindProperty(Name = "version")] public int Version { get; set; }
    [BindProperty(Name = "an")] public string? AssignTo { get; set; }
    [BindProperty(Name = "status")] public string? NewStatus { get; set; }
    [BindProperty(Name = "begruendung")] public string? Reason { get; set; }
    [BindProperty(Name = "text")] public string? Text { get; set; }
    [BindProperty(Name = "sichtbarkeit")] public string? Visibility { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await Ideas.ActorAsync(this, ct);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAssignAsync(long id, CancellationToken ct)
    {
        var actor = await Ideas.ActorAsync(this, ct);
        var to = AssignTo ?? "";
        if (to != actor.AadObjectId && (await Ideas.LotsenAsync(ct)).All(l => l.AadObjectId != to)) Problem("assign-lotse", W["ideas.bulk.lotseMissing"]);
        if (!ModelState.IsValid) return await AgainAsync(id, ct);
        return await DoneAsync(id, await assign.AssignAsync(actor, id, Version, to, ct), ct);
    }

    public async Task<IActionResult> OnPostStatusAsync(long id, CancellationToken ct)
    {
        var actor = await Ideas.ActorAsync(this, ct);
        var reason = (Reason ?? "").Trim();
        var status = TriageRules.Parse(NewStatus ?? "");
        if (status is null) Problem("status-new", W["ideas.bulk.statusMissing"]);
        else if (ChangeStatus.CheckReason(status.Value, reason) is not TriageText.Fine and var problem)
            Problem("status-reason", problem == TriageText.Missing ? W.Any("ideasTriage.show.reasonError") : W.Format("ideas.reasonTooLong", IdeaLimits.Comment));
        if (!ModelState.IsValid) return await AgainAsync(id, ct);
        return await DoneAsync(id, await change.ChangeAsync(actor, id, Version, status!.Value, reason, ct), ct);
    }

    public async Task<IActionResult> OnPostCommentAsync(long id, CancellationToken ct)
    {
        var actor = await Ideas.ActorAsync(this, ct);
        var text = (Text ?? "").Trim();
        if (CommentIdea.CheckText(text) is not TriageText.Fine and var problem)
            Problem("comment-text", problem == TriageText.Missing ? W.Any("ideasTriage.show.commentError") : W.Format("ideas.commentTooLong", IdeaLimits.Comment));
        if (Visibility is not (CommentIdea.Internal or CommentIdea.Public)) Problem("comment-internal", W["ideas.comment.visibilityMissing"]);
        if (!ModelState.IsValid) return await AgainAsync(id, ct);
        return await DoneAsync(id, await comment.CommentAsync(actor, id, text, Visibility == CommentIdea.Public, ct), ct);
    }

    private async Task<IActionResult> DoneAsync(long id, TriageOutcome? outcome, CancellationToken ct)
    {
        if (outcome is null) return NotFound();
        return Done(await Ideas.TextAsync(outcome.Notice, W.Lang, id, ct), $"/ideen/{id}");
    }

    private async Task<IActionResult> AgainAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (await db.Ideas().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) is not { } idea) return false;
        Idea = idea;
        var (first, merged) = await view.SubmitterNamesAsync(idea, ct);
        var firstText = idea.Anonymous ? W.Any("ideas.channel.anonymous") : first ?? "";
        Submitters = merged.Count == 0 ? firstText
            : firstText.Length == 0 ? string.Join(", ", merged)
            : Ideas.Word(W.Lang, "ideasTriage.fact.mergedIn", firstText, string.Join(", ", merged));
        History = await db.IdeaEvents().AsNoTracking().Where(e => e.IdeaId == id).OrderByDescending(e => e.Id).ToListAsync(ct);
        Others = [.. (await Ideas.LotsenAsync(ct)).Where(l => l.AadObjectId != Me && l.AadObjectId != idea.AssignedAadObjectId)];
        // A refused form keeps the version it showed, so the retry is still checked against the colleague's change.
        if (ModelState.IsValid) Version = idea.Version;
        return true;
    }

    public string Due
    {
        get
        {
            var day = Ideas.Day(W.Lang, Idea.FirstResponseDueOn);
            if (IdeaDeadline.IsOverdue(Idea, Ideas.Today)) return Ideas.Word(W.Lang, "ideasTriage.fact.overdue", day);
            return Idea.FirstPublicAnswerAtUtc is null ? day : Ideas.Word(W.Lang, "ideasTriage.fact.answered", day);
        }
    }

    public string Supports => Idea.SupportCount == 1 ? W.Any("ideasTriage.fact.supportsOne") : Ideas.Word(W.Lang, "ideasTriage.fact.supportsOther", Idea.SupportCount);

    /// <summary>A history line in the card's words (the Lotsen's names are theirs to read; no submitter is ever named here).</summary>
    public string HistoryText(IdeaEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var lang = W.Lang;
        var actor = e.ActorName.Length > 0 ? e.ActorName : W.Any("ideasTriage.history.someone");
        string Status(IdeaStatus? s) => Ideas.Status(lang, s ?? IdeaStatus.Submitted);
        return e.Kind switch
        {
            IdeaEventKind.Submitted => W.Any("ideasTriage.history.submitted"),
            IdeaEventKind.Assigned when e.AssigneeAadObjectId == e.ActorAadObjectId => Ideas.Word(lang, "ideasTriage.history.assignedSelf", actor),
            IdeaEventKind.Assigned => Ideas.Word(lang, "ideasTriage.history.assigned", actor, e.AssigneeName),
            IdeaEventKind.StatusChanged when e.Text.Length > 0 => Ideas.Word(lang, "ideasTriage.history.statusReason", actor, Status(e.ToStatus), e.Text),
            IdeaEventKind.StatusChanged => Ideas.Word(lang, "ideasTriage.history.status", actor, Status(e.ToStatus)),
            IdeaEventKind.Comment => Ideas.Word(lang, e.Public ? "ideasTriage.history.commentPublic" : "ideasTriage.history.commentInternal", actor, e.Text),
            IdeaEventKind.Merged when e.ToStatus == IdeaStatus.Merged => Ideas.Word(lang, "ideasTriage.history.mergedInto", actor, e.OtherIdeaId ?? Idea.Id),
            IdeaEventKind.Merged => Ideas.Word(lang, "ideasTriage.history.mergedFrom", actor, e.OtherIdeaId ?? Idea.Id),
            IdeaEventKind.Tagged => Ideas.Word(lang, "ideasTriage.history.tagged", actor),
            _ => W.Any("ideasTriage.history.escalated"),
        };
    }
}
