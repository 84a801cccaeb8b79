using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StadtLabor.Bot.Outbox;

public static class OutboxRegistration
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        services.AddScoped<OutboxWriter>();
        services.AddSingleton<SendRateLimiter>();
        // Graph/Installations adds the real one with Graph:InstallForUsers; registered before this TryAdd or after it, it wins.
        services.TryAddScoped<IAppInstaller, NoAppInstaller>();
        if (configuration.GetValue(OutboxOptions.Section + ":Enabled", true)) services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
