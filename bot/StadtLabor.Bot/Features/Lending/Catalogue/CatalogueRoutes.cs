using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>Staff browse and find: the catalogue, an item's details, "Was ist frei?" and "Sag mir Bescheid" (LendingModule calls these).</summary>
public static class CatalogueRoutes
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<CatalogueView>();
        services.AddScoped<CatalogueList>();
        services.AddScoped<FreeCard>();
    }

    public static void Map(TurnRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.Command<ShowCatalogue>("ausleihen", "ausleihe", "leihen", "borrow", "lending")
            .Verb<ShowCatalogue>("lending.catalogue")
            .Verb<ShowItem>("lending.item")
            .InterpretUnknownText<FindFree>()
            .Verb<FindFree>("lending.findFree")
            .Verb<WatchItem>("lending.watch");
    }
}
