namespace StadtLabor.Bot.Graph.Roles;

public static class GraphRolesRegistration
{
    /// <summary>Roles from Entra groups (Roles:&lt;Role&gt;:Groups) beside the configured lists. Filled in by the Graph roles work.</summary>
    public static IServiceCollection AddGraphRoles(this IServiceCollection services, IConfiguration configuration) => services;
}
