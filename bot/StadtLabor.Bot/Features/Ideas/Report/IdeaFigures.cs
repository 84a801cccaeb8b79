using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;

namespace StadtLabor.Bot.Features.Ideas.Report;

/// <summary>What the figures need of one idea: no text, no person.</summary>
public sealed record IdeaFacts(IdeaStatus Status, string Department, DateTime SubmittedAtUtc, DateOnly FirstResponseDueOn, DateTime? FirstPublicAnswerAtUtc);

/// <summary>The innovation department's figures, as numbers; <see cref="ShowFigures"/> turns them into words.</summary>
public sealed record FigureSet(
    int Total,
    IReadOnlyList<(IdeaStatus Status, int Count)> ByStatus,
    IReadOnlyList<(DateOnly Month, int Count)> ByMonth,
    double? MedianWorkingDays,
    TimeSpan? MedianTime,
    int Decided,
    int WithinDeadline,
    int OpenOverdue,
    IReadOnlyList<string> Departments,
    IReadOnlyDictionary<string, Figure> DepartmentFigures);

/// <summary>
/// The figures about ideas: per status and per Berlin month of submission (the last 12), the median time to the first
/// public answer (in working days and as elapsed time), the share answered within the deadline, the open overdue ones,
/// and ideas per department. Only the departments are about a group of colleagues (whom the idea helps, often where
/// its submitter works), so only they go through <see cref="SmallGroups"/>: the departments are the parts of the
/// whole (all ideas, which the status figures show anyway), "alle" is a part of its own, and a department below
/// Privacy:MinGroupSize is withheld together with as many others as it takes so that no subtraction reveals it.
/// </summary>
public static class IdeaFigures
{
    public const string AllKey = "ideas";

    /// <summary>The part of ideas for everyone (no department).</summary>
    public const string EveryoneKey = "department:";

    public static string DepartmentKey(string department) => "department:" + department;

    public static async Task<List<IdeaFacts>> LoadAsync(LabDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Ideas().AsNoTracking()
            .Select(i => new IdeaFacts(i.Status, i.Department, i.SubmittedAtUtc, i.FirstResponseDueOn, i.FirstPublicAnswerAtUtc))
            .ToListAsync(ct);
    }

    /// <param name="configured">Ideas:Departments, listed in this order even without ideas (so the card's rows do not come and go).</param>
    public static FigureSet Compute(IReadOnlyCollection<IdeaFacts> ideas, DateOnly today, IReadOnlyList<string> configured, SmallGroups smallGroups)
    {
        ArgumentNullException.ThrowIfNull(ideas);
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(smallGroups);
        var byStatus = Enum.GetValues<IdeaStatus>().Select(s => (s, ideas.Count(i => i.Status == s))).ToList();

        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var months = Enumerable.Range(0, 12).Select(back => thisMonth.AddMonths(back - 11)).ToList();
        var submittedMonths = ideas.Select(i => Month(BerlinDay(i.SubmittedAtUtc))).ToList();
        var byMonth = months.Select(m => (m, submittedMonths.Count(s => s == m))).ToList();

        var answered = ideas.Where(i => i.FirstPublicAnswerAtUtc is not null).ToList();
        var medianDays = Median(answered.Select(i => (double)WorkingDaysBetween(BerlinDay(i.SubmittedAtUtc), BerlinDay(i.FirstPublicAnswerAtUtc!.Value))));
        var medianTicks = Median(answered.Select(i => (double)Math.Max(0, (i.FirstPublicAnswerAtUtc!.Value - i.SubmittedAtUtc).Ticks)));
        var decided = ideas.Select(i => WithinDeadline(i.FirstPublicAnswerAtUtc, i.FirstResponseDueOn, today)).Where(w => w is not null).ToList();
        var overdue = ideas.Count(i => i.FirstPublicAnswerAtUtc is null && !i.Status.IsClosed() && today > i.FirstResponseDueOn);

        var departments = configured.Concat(ideas.Select(i => i.Department).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal)
                .Where(d => !configured.Contains(d, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal).Prepend("").ToList();
        var table = new Group(AllKey, ideas.Count, 0,
            [.. departments.Select(d => new Group(DepartmentKey(d), ideas.Count(i => string.Equals(i.Department, d, StringComparison.Ordinal))))]);

        return new FigureSet(ideas.Count, byStatus, byMonth, medianDays, medianTicks is { } t ? TimeSpan.FromTicks((long)t) : null,
            decided.Count, decided.Count(w => w == true), overdue, departments, smallGroups.Figures(table));
    }

    /// <summary>
    /// Within the deadline: the first public answer went out on or before the due day (Berlin), i.e. before that day's
    /// end. Late: answered after it, or still unanswered once the due day is over. Null: not decided yet (unanswered,
    /// due day not over), so it counts in neither part of the share.
    /// </summary>
    public static bool? WithinDeadline(DateTime? firstAnswerUtc, DateOnly dueOn, DateOnly today) =>
        firstAnswerUtc is { } at ? BerlinDay(at) <= dueOn : today > dueOn ? false : null;

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (an answer on the due day = the deadline's N).</summary>
    public static int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
            if (WorkingDays.IsWorkingDay(day)) count++;
        return count;
    }

    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return null;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static DateOnly BerlinDay(DateTime utc) => DateOnly.FromDateTime(TrainingTime.ToBerlin(utc));

    private static DateOnly Month(DateOnly day) => new(day.Year, day.Month, 1);
}
