namespace StadtLabor.Bot.Graph.Directory;

public static class GraphDirectoryRegistration
{
    /// <summary>Group members and departments from Graph (IGroupDirectory). Filled in by the "reaching everyone" work.</summary>
    public static IServiceCollection AddGraphDirectory(this IServiceCollection services, IConfiguration configuration) => services;
}
