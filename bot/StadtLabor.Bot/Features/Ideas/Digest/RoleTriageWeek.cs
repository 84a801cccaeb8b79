using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Ideas.Digest;

/// <summary>
/// An idea on the Lotsen's weekly digest. <see cref="Submitter"/> is null for an anonymous idea (the card says
/// "anonym"); a named submitter is the one who handed it in, as the triage card names them. Authors who came with a
/// merge are left out: the digest is a pointer to the triage card, which names them by its own rule.
/// </summary>
public sealed record RoleIdeaLine(long Id, string Title, IdeaStatus Status, DateTime SubmittedAtUtc, DateOnly DueOn, bool Overdue,
    bool Anonymous, string? Submitter, string? AssignedName);

/// <summary>A public answer of the week: a public comment or a status change the submitter was told of.</summary>
public sealed record RoleIdeaAnswer(long IdeaId, string Title, IdeaEventKind Kind, IdeaStatus? ToStatus, DateTime AtUtc);

public sealed record RoleTriageResult(IReadOnlyList<RoleIdeaLine> Waiting, int WaitingTotal, IReadOnlyList<RoleIdeaLine> AtRisk, int AtRiskTotal,
    IReadOnlyList<RoleIdeaAnswer> Answers, int AnswersTotal);

/// <summary>
/// The Lotsen's weekly digest: ideas nobody has taken up yet (eingereicht, oldest first, as the "lotsen" queue sorts),
/// deadlines at risk (open and still without a first public answer, due by the end of the week or overdue: the
/// /ideen/fristen page's list cut at the week) and the public answers given in the week before.
/// </summary>
public static class RoleTriageWeek
{
    public static async Task<RoleTriageResult> LoadAsync(LabDbContext db, DateOnly today, DateOnly weekEnd, DateTime answersFromUtc,
        DateTime answersToUtc, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var waiting = db.Ideas().AsNoTracking().Where(i => i.Status == IdeaStatus.Submitted);
        var atRisk = db.Ideas().AsNoTracking().Where(i => i.FirstPublicAnswerAtUtc == null && i.FirstResponseDueOn <= weekEnd
            && i.Status != IdeaStatus.Done && i.Status != IdeaStatus.Rejected && i.Status != IdeaStatus.Merged);
        var answers = db.IdeaEvents().AsNoTracking().Where(e => e.Public && e.CreatedAtUtc >= answersFromUtc && e.CreatedAtUtc < answersToUtc
            && (e.Kind == IdeaEventKind.Comment || e.Kind == IdeaEventKind.StatusChanged));

        var waitingRows = await waiting.OrderBy(i => i.SubmittedAtUtc).ThenBy(i => i.Id).Take(take).ToListAsync(ct);
        var riskRows = await atRisk.OrderBy(i => i.FirstResponseDueOn).ThenBy(i => i.SubmittedAtUtc).ThenBy(i => i.Id).Take(take).ToListAsync(ct);
        var answerRows = await answers.OrderBy(e => e.CreatedAtUtc).ThenBy(e => e.Id).Take(take)
            .Join(db.Ideas(), e => e.IdeaId, i => i.Id, (e, i) => new RoleIdeaAnswer(i.Id, i.Title, e.Kind, e.ToStatus, e.CreatedAtUtc))
            .ToListAsync(ct);

        var ids = waitingRows.Concat(riskRows).Where(i => !i.Anonymous).Select(i => i.Id).Distinct().ToList();
        // Only the submitter's own row, and only when it was not anonymous (its name is empty then anyway).
        var submitters = (await db.IdeaAuthors().AsNoTracking()
                .Where(a => ids.Contains(a.IdeaId) && a.OriginalIdeaId == a.IdeaId && !a.Anonymous && a.Name != "")
                .OrderBy(a => a.Id).Select(a => new { a.IdeaId, a.Name }).ToListAsync(ct))
            .GroupBy(a => a.IdeaId).ToDictionary(g => g.Key, g => g.First().Name);

        RoleIdeaLine Line(Idea i) => new(i.Id, i.Title, i.Status, i.SubmittedAtUtc, i.FirstResponseDueOn, IdeaDeadline.IsOverdue(i, today),
            i.Anonymous, i.Anonymous ? null : submitters.GetValueOrDefault(i.Id), i.AssignedName);
        return new RoleTriageResult([.. waitingRows.Select(Line)], await waiting.CountAsync(ct), [.. riskRows.Select(Line)], await atRisk.CountAsync(ct),
            answerRows, await answers.CountAsync(ct));
    }
}
