using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;
using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// The lab team's part of lending (items and kits, photos, retiring, the approval queue), registered by
/// <see cref="LendingModule"/> with one call each, so the module stays a list of the lending parts.
/// Every verb and command here needs Role.LabTeam; the router sends their cards to the person's 1:1 chat.
/// </summary>
public static class LendingAdminSetup
{
    public static IServiceCollection AddLendingAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDownloadLinks(configuration);
        services.AddScoped<AdminOverview>();
        services.AddScoped<ItemList>();
        services.AddScoped<ItemFormCard>();
        services.AddScoped<LostReservations>();
        services.AddScoped<ApprovalList>();
        services.AddScoped<PhotoStore>();
        // Its own client rather than the connector's: one short attempt (the turn must answer within Teams' 15 s), no
        // redirects (the bytes come from the connector host or not at all), and the same token handler.
        services.AddHttpClient(PhotoFetcher.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler(sp => new ConnectorTokenHandler(
                sp.GetRequiredService<ConnectorCredential>().Credential,
                sp.GetRequiredService<IOptions<BotOptions>>().Value.Credential.Scope,
                sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<PhotoFetcher>();
        return services;
    }

    public static TurnRoutes MapLendingAdmin(this TurnRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes
            .Command<ManageLending>(Role.LabTeam, "ausleihe verwalten", "ausleihen verwalten", "manage lending")
            .Verb<ManageLending>("lendingAdmin.overview", Role.LabTeam)
            .Verb<ShowItems>("lendingAdmin.items", Role.LabTeam)
            .Verb<ShowItemForm>("lendingAdmin.itemForm", Role.LabTeam)
            .Verb<SaveItem>("lendingAdmin.saveItem", Role.LabTeam)
            .Verb<RetireItem>("lendingAdmin.retire", Role.LabTeam)
            .Verb<ShowApprovals>("lendingAdmin.approvals", Role.LabTeam)
            .Verb<DecideReservation>("lendingAdmin.approve", Role.LabTeam)
            .Verb<DecideReservation>("lendingAdmin.decline", Role.LabTeam)
            .Command<UploadPhoto>(Role.LabTeam, "foto", "photo");
    }

    public static void MapLendingAdminEndpoints(this IEndpointRouteBuilder app) => ServePhoto.Map(app);
}
