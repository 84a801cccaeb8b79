namespace StadtLabor.Bot.Graph.Installations;

public static class GraphInstallationsRegistration
{
    /// <summary>Installing the app for a person who lacks it (Graph:InstallForUsers). Filled in by the "reaching everyone" work.</summary>
    public static IServiceCollection AddGraphInstallations(this IServiceCollection services, IConfiguration configuration) => services;
}
