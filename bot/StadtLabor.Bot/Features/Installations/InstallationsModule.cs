using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Installations;

public sealed class InstallationsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<KnownConversations>();
        services.AddScoped<ITurnObserver, RememberConversation>();
        services.AddScoped<IConversationGoneListener, MarkConversationGone>();
        services.AddScoped<IConversationDirectory, ConversationDirectory>();
        services.AddPersonalData<InstallationPersonalData>();
    }

    public void MapTurns(TurnRoutes routes) => routes.OnInstall<Install>().OnUninstall<Uninstall>();
}
