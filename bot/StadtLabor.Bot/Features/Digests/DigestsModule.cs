using StadtLabor.Bot.Features.Digests.Channel;
using StadtLabor.Bot.Features.Digests.Personal;
using StadtLabor.Bot.Features.Digests.Roles;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests;

/// <summary>
/// Fewer, better messages: one weekly card per configured channel, one personal digest per person (daily, weekly or
/// off, with "Gelesen"/"Erledigt"/"Später" instead of read receipts), and weekly digests for the lab team, the Lotsen
/// and the innovation department. Digests read the other features only through the small query classes they expose.
/// </summary>
public sealed class DigestsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DigestsOptions>().Bind(configuration.GetSection(DigestsOptions.Section)).ValidateOnStart();
        ChannelDigestSetup.AddServices(services, configuration);
        PersonalDigestSetup.AddServices(services, configuration);
        RoleDigestSetup.AddServices(services, configuration);
    }

    public void MapTurns(TurnRoutes routes)
    {
        ChannelDigestSetup.MapTurns(routes);
        PersonalDigestSetup.MapTurns(routes);
        RoleDigestSetup.MapTurns(routes);
    }

    public void AddJobs(JobCatalog jobs)
    {
        ChannelDigestSetup.AddJobs(jobs);
        PersonalDigestSetup.AddJobs(jobs);
        RoleDigestSetup.AddJobs(jobs);
    }
}
