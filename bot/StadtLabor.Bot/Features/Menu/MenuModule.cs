using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Menu;

public sealed class MenuModule : IFeatureModule
{
    public void MapTurns(TurnRoutes routes)
    {
        routes.Command<ShowMenu>("hilfe", "help", "menü", "menu", "start", "hallo", "hello", "hi")
            .Verb<ShowMenu>("menu.show")
            .OnUnknownText<ShowMenu>();
    }
}
