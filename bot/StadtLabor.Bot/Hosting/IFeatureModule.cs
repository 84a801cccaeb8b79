using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Hosting;

/// <summary>
/// One per feature: registers its services, its turn routes (verbs, commands, events), its pages and its jobs.
/// Program.cs lists the modules; nothing else needs to know a feature exists.
/// </summary>
public interface IFeatureModule
{
    void AddServices(IServiceCollection services, IConfiguration configuration) { }

    void MapTurns(TurnRoutes routes);

    void MapEndpoints(IEndpointRouteBuilder app) { }

    /// <summary>Scheduled jobs, e.g. <c>jobs.Add&lt;SendDigest&gt;("Digest", "0 0 7 ? * MON-FRI", JobPeriodKind.Day, skipHolidays: true)</c>.</summary>
    void AddJobs(JobCatalog jobs) { }
}
