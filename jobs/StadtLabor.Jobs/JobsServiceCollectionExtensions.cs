using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace StadtLabor.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Quartz with the persistent store in the app's database, the NRW holiday calendar, the job wrapper and every
    /// job in <paramref name="catalog"/> (plus the purge of old period records). Wrong job settings stop the start here.
    /// </summary>
    public static IServiceCollection AddLabScheduler(this IServiceCollection services, JobsDatabase database, JobCatalog catalog, IConfiguration configuration)
    {
        if (catalog.Find(PurgeJobPeriods.Name) is null)
            catalog.Add<PurgeJobPeriods>(PurgeJobPeriods.Name, PurgeJobPeriods.DefaultCron, JobPeriodKind.Day);
        var schedules = JobSchedules.Resolve(catalog, configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton(catalog);
        services.AddSingleton(schedules);
        services.AddSingleton(JobRetry.Resolve(configuration));
        services.AddSingleton<JobPeriodStore>();
        services.AddSingleton<JobRun>();
        services.AddSingleton<ScheduleSync>();
        services.AddTransient<LabJobRunner>();
        foreach (var job in catalog.Jobs) services.TryAddScoped(job.JobType);
        services.AddOptions<PurgeJobPeriodsOptions>()
            .Bind(configuration.GetSection($"{JobSchedules.Section}:{PurgeJobPeriods.Name}"))
            .Validate(o => o.KeepDays >= 1, $"{JobSchedules.Section}:{PurgeJobPeriods.Name}:KeepDays must be at least 1 (days to keep the record of completed job periods).")
            .ValidateOnStart();

        // Before Quartz's own hosted service, see JobsHostedService.
        services.AddHostedService<JobsHostedService>();
        services.AddQuartz(q =>
        {
            // One name for every instance: clustered schedulers find each other by it in the qrtz_ tables.
            q.ConfigureScheduler(o => o.InstanceName = "StadtLabor");
            // Quartz would take a TimeProvider from the container; a test's fake clock there must not stop the scheduler.
            q.UseTimeProvider(TimeProvider.System);
            q.UseDefaultTimeZone(LabTime.Berlin);
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = "qrtz_";
                    // The misfire handler and cluster check-in must not keep a stopped app's process alive.
                    o.UseBackgroundThreads = true;
                });
                if (database.Kind == JobsDatabaseKind.Postgres)
                {
                    store.UsePostgres(database.Factory, database.ConnectionString);
                    store.UseClustering(_ => { });
                }
                else
                {
                    // SQLite is one process: Quartz serialises through an in-process lock there, so no clustering.
                    store.UseSqlite(database.Factory, database.ConnectionString);
                }
                store.UseSystemTextJsonSerializer(registry => registry.AddCalendarSerializer(new NrwHolidayCalendarSerializer()));
            });
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            // Start with the app, not after it: /health/ready must not report a scheduler in standby right after start.
            o.AwaitApplicationStarted = false;
        });
        return services;
    }
}
