using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Lending.Admin;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// Lending: the Mobiles stadtLABOR kit and the lab's devices, reserved in the chat, approved where needed, handed
/// over and taken back with a parts checklist. Every count of free units comes from <see cref="Availability"/>,
/// every change runs under the <see cref="ItemLock"/>.
/// </summary>
public sealed class LendingModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LendingOptions>().Bind(configuration.GetSection(LendingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LendingOptions>, LendingOptionsValidator>();
        services.AddScoped<Availability>();
        services.AddLendingAdmin(configuration);
    }

    public void MapTurns(TurnRoutes routes)
    {
        routes.MapLendingAdmin();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapLendingAdminEndpoints();
}
