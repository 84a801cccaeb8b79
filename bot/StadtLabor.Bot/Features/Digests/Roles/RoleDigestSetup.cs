using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>
/// The weekly digests for the lab team, the Lotsen and the innovation department (<see cref="SendRoleDigests"/>);
/// called by <see cref="DigestsModule"/>. The acknowledgement verb (digests.ack) belongs to the personal digest's part.
/// </summary>
public static class RoleDigestSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<RoleDigestRecipients>();
        services.AddScoped<RoleWeek>();
        services.AddScoped<LotsenSections>();
        services.AddScoped<LabTeamSections>();
        services.AddScoped<InnovationSections>();
        services.AddScoped<RoleDigestCard>();
    }

    public static void MapTurns(TurnRoutes routes)
    {
    }

    public static void AddJobs(JobCatalog jobs) =>
        jobs.Add<SendRoleDigests>(SendRoleDigests.Name, SendRoleDigests.DefaultCron, JobPeriodKind.Week, skipHolidays: true);
}
