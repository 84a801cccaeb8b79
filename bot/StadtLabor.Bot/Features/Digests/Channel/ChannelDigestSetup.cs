using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Channel;

/// <summary>Wires this part of the digests (services, verbs, jobs); called by <see cref="DigestsModule"/>.</summary>
public static class ChannelDigestSetup
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
