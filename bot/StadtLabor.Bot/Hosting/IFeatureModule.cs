using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Hosting;

/// <summary>
/// One per feature: registers its services, its turn routes (verbs, commands, events) and its pages.
/// Program.cs lists the modules; nothing else needs to know a feature exists.
/// </summary>
public interface IFeatureModule
{
    void AddServices(IServiceCollection services, IConfiguration configuration) { }

    void MapTurns(TurnRoutes routes);

    void MapEndpoints(IEndpointRouteBuilder app) { }
}
