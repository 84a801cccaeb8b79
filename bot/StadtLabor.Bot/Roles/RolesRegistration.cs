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
        // The seam for Entra groups via Graph later: register another IRoleSource here (docs/roles.md).
        services.AddScoped<IRoleSource, ConfiguredRoleSource>();
        services.AddScoped<RoleGate>();
        return services;
    }
}
