using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Graph.Installations;

public static class GraphInstallationsRegistration
{
    /// <summary>Installing the app for a person who lacks it (Graph:InstallForUsers) before the outbox writes to them.</summary>
    public static IServiceCollection AddGraphInstallations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<InstallPace>();
        // The handler stays registered when the switch goes off: installations queued before still run (or go dead).
        services.AddGraphCallHandler<InstallApp>();
        if (configuration.GetValue(GraphOptions.Section + ":InstallForUsers", false)) services.AddScoped<IAppInstaller, AppInstallations>();
        return services;
    }
}
