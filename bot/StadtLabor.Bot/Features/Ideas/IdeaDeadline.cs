using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// The first-response deadline: the Berlin day an idea was submitted plus N working days (Mon–Fri, no NRW holiday).
/// Submitted on a Friday evening with N = 5: due the next Friday; over Easter the two holidays do not count. The day
/// is a Berlin calendar day, so an idea sent at 00:30 in summer (22:30 UTC the day before) counts from its Berlin day.
/// </summary>
public static class IdeaDeadline
{
    public static DateOnly DueOn(DateTime submittedUtc, int workingDays)
    {
        var day = DateOnly.FromDateTime(TrainingTime.ToBerlin(submittedUtc));
        for (var left = workingDays; left > 0;)
        {
            day = day.AddDays(1);
            if (WorkingDays.IsWorkingDay(day)) left--;
        }
        return day;
    }

    /// <summary>Overdue on <paramref name="today"/> (a Berlin day): the due day has passed and no public answer went out.</summary>
    public static bool IsOverdue(Idea idea, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(idea);
        return idea.FirstPublicAnswerAtUtc is null && !idea.Status.IsClosed() && today > idea.FirstResponseDueOn;
    }

    /// <summary>
    /// How many working days an idea has waited on <paramref name="today"/> (a Berlin day), counted like its deadline:
    /// 0 on the day it came in, 5 on its due day when the deadline is 5 working days.
    /// </summary>
    public static int WorkingDaysWaited(DateTime submittedUtc, DateOnly today)
    {
        var day = DateOnly.FromDateTime(TrainingTime.ToBerlin(submittedUtc));
        var count = 0;
        while (day < today)
        {
            day = day.AddDays(1);
            if (WorkingDays.IsWorkingDay(day)) count++;
        }
        return count;
    }
}
