using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StadtLabor.Bot.Roles;

public static class RolesRegistration
{
    /// <summary>Reads and checks the Roles section now, so a wrong entry stops the start naming its key.</summary>
    public static IServiceCollection AddLabRoles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(RoleAssignments.FromConfiguration(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UpnCache>();
        services.TryAddScoped<ConfiguredRoleSource>();
        // With Graph on, AddGraphRoles puts the Entra-group source in its place (it asks this one for the configured part).
        services.TryAddScoped<IRoleSource>(sp => sp.GetRequiredService<ConfiguredRoleSource>());
        services.AddScoped<RoleGate>();
        services.AddScoped<RoleHolders>();
        return services;
    }
}
