using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Ideas.Digest;

/// <summary>
/// The innovation department's weekly idea figures. <see cref="NewInWeek"/> counts the people who handed in an idea
/// that week (one idea, one submitter): it goes through <see cref="SmallGroups"/> and is "weniger als 5" below
/// Privacy:MinGroupSize, so a quiet week does not point at the one colleague who wrote. Open and overdue count the
/// Lotsen's work, not people, as the status figures of "ideen auswertung" do.
/// </summary>
public sealed record RoleIdeaFiguresResult(Figure NewInWeek, int Open, int OpenOverdue, int AnsweredInWeek);

public static class RoleIdeaFigures
{
    public const string NewKey = "ideas:new-in-week";

    public static async Task<RoleIdeaFiguresResult> LoadAsync(LabDbContext db, SmallGroups smallGroups, DateOnly today, DateTime fromUtc, DateTime toUtc,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(smallGroups);
        var fresh = await db.Ideas().CountAsync(i => i.SubmittedAtUtc >= fromUtc && i.SubmittedAtUtc < toUtc, ct);
        var open = await db.Ideas().CountAsync(i => i.Status != IdeaStatus.Done && i.Status != IdeaStatus.Rejected && i.Status != IdeaStatus.Merged, ct);
        var overdue = await db.Ideas().CountAsync(i => i.FirstPublicAnswerAtUtc == null && i.FirstResponseDueOn < today
            && i.Status != IdeaStatus.Done && i.Status != IdeaStatus.Rejected && i.Status != IdeaStatus.Merged, ct);
        var answered = await db.Ideas().CountAsync(i => i.FirstPublicAnswerAtUtc >= fromUtc && i.FirstPublicAnswerAtUtc < toUtc, ct);
        return new RoleIdeaFiguresResult(smallGroups.Figures(new Group(NewKey, fresh))[NewKey], open, overdue, answered);
    }
}
