using Microsoft.Extensions.Logging;
using Quartz;

namespace StadtLabor.Jobs;

/// <summary>
/// Makes the persistent store say what this version of the app and its configuration say. A trigger that already
/// matches is left alone, so its next fire time and any pending misfire survive a restart; a changed cron replaces
/// it; a job switched off or no longer registered is removed.
/// </summary>
public sealed class ScheduleSync(IReadOnlyList<JobSchedule> schedules, ILogger<ScheduleSync> logger)
{
    public async Task ApplyAsync(IScheduler scheduler, CancellationToken ct)
    {
        await scheduler.AddCalendar(NrwHolidayCalendar.CalendarName, new NrwHolidayCalendar(), AddCalendarOptions.Replacing, ct);

        foreach (var schedule in schedules)
        {
            var name = schedule.Job.Name;
            if (!schedule.Enabled)
            {
                if (await scheduler.DeleteJob(new JobKey(name, JobSchedules.Group), ct)) Log.Removed(logger, name, "switched off in configuration");
                continue;
            }

            var stored = await scheduler.GetTrigger(new TriggerKey(name, JobSchedules.Group), ct);
            if (JobSchedules.Matches(stored, schedule))
            {
                Log.Kept(logger, name, stored!.NextFireTimeUtc);
                continue;
            }
            var trigger = JobSchedules.BuildTrigger(schedule);
            await scheduler.ScheduleJob(JobSchedules.BuildJob(schedule.Job), trigger, ScheduleJobOptions.Replacing, ct);
            var next = (await scheduler.GetTrigger(trigger.Key, ct))?.NextFireTimeUtc;
            Log.Scheduled(logger, name, schedule.Cron, schedule.Job.SkipHolidays ? "skipped" : "included", next);
        }

        var known = schedules.Select(s => s.Job.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var inStore = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(JobSchedules.Group), Take = PagedQuery.All }, ct);
        foreach (var key in inStore.Items.Select(j => j.Key).Where(k => !known.Contains(k.Name)))
        {
            if (await scheduler.DeleteJob(key, ct)) Log.Removed(logger, key.Name, "no longer registered");
        }
    }
}
