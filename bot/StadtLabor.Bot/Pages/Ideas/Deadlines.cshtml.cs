using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Triage;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Ideas;

/// <summary>One idea still waiting for its first public answer.</summary>
public sealed record WaitingIdea(long Id, string Title, IdeaStatus Status, string? AssignedName, DateTime SubmittedAtUtc, DateOnly DueOn,
    bool Overdue, int EscalationLevel);

/// <summary>
/// /ideen/fristen: the open ideas without a first public answer (IdeaDeadline), by the day it is due, so the overdue
/// ones come first, each with how far the reminder went (EscalateIdeas: 1 the assigned Lotse, 2 the Lotsen channel,
/// 3 the innovation department).
/// </summary>
[LabRole(Role.Lotse)]
public sealed class DeadlinesModel(LabDbContext db, LotsenDirectory lotsen, TriageReply reply, Strings strings, TimeProvider time) : LabPageModel
{
    public IdeaPages Ideas { get; } = new(db, lotsen, reply, strings, time);

    public IReadOnlyList<WaitingIdea> Waiting { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await Ideas.ActorAsync(this, ct);
        var today = Ideas.Today;
        var ideas = await db.Ideas().AsNoTracking()
            .Where(i => i.FirstPublicAnswerAtUtc == null
                && i.Status != IdeaStatus.Done && i.Status != IdeaStatus.Rejected && i.Status != IdeaStatus.Merged)
            .OrderBy(i => i.FirstResponseDueOn).ThenBy(i => i.SubmittedAtUtc).ThenBy(i => i.Id)
            .ToListAsync(ct);
        Waiting = [.. ideas.Select(i => new WaitingIdea(i.Id, i.Title, i.Status, i.AssignedName, i.SubmittedAtUtc, i.FirstResponseDueOn,
            IdeaDeadline.IsOverdue(i, today), i.EscalationLevel))];
    }
}
