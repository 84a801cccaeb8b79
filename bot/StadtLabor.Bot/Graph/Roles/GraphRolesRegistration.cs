using Microsoft.Extensions.DependencyInjection.Extensions;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Graph.Roles;

public static class GraphRolesRegistration
{
    /// <summary>
    /// Roles from Entra groups (Roles:&lt;Role&gt;:Groups) beside the configured lists: <see cref="GraphRoleSource"/>
    /// takes the place of the configured source as <see cref="IRoleSource"/> and asks it for the configured part.
    /// </summary>
    public static IServiceCollection AddGraphRoles(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IMemberGroupsCheck, GraphMemberGroupsCheck>();
        services.TryAddSingleton<GroupRoleCache>();
        services.TryAddScoped<ConfiguredRoleSource>();
        services.RemoveAll<IRoleSource>();
        services.AddScoped<IRoleSource, GraphRoleSource>();
        return services;
    }
}
