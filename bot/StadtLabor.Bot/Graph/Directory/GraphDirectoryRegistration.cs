namespace StadtLabor.Bot.Graph.Directory;

public static class GraphDirectoryRegistration
{
    /// <summary>Group members and departments from Graph (IGroupDirectory): audiences of surveys and digests, a survey's department default.</summary>
    public static IServiceCollection AddGraphDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        // A singleton for its department cache; it opens a scope per call for the scoped Graph client.
        services.AddSingleton<IGroupDirectory, GraphGroupDirectory>();
        return services;
    }
}
