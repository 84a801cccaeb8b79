using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>The lab team's view of proactive messages: backlog, failures, dead letters and retry.</summary>
public sealed class OutboxAdminModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<OutboxOverview>();
        services.AddScoped<ShowOutboxStatus>();
        services.AddScoped<GraphCallsOverview>();
        services.AddScoped<GraphCallsSection>();
        services.AddPersonalData<OutboxPersonalData>();
        services.AddRetentionPolicy<PurgeGraphCalls>();
    }

    public void MapTurns(TurnRoutes routes) => routes
        .Verb<ShowOutboxStatus>("outbox.status", Role.LabTeam)
        .Verb<RetryDeadLetters>("outbox.retryDead", Role.LabTeam)
        .Verb<RetryGraphCalls>("outbox.retryGraph", Role.LabTeam)
        .Command<ShowOutboxStatus>(Role.LabTeam, "postausgang", "outbox");
}
