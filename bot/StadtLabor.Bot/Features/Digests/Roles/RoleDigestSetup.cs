using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>Wires this part of the digests (services, verbs, jobs); called by <see cref="DigestsModule"/>.</summary>
public static class RoleDigestSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public static void MapTurns(TurnRoutes routes)
    {
    }

    public static void AddJobs(JobCatalog jobs)
    {
    }
}
