namespace StadtLabor.Bot.Outbox;

public static class OutboxRegistration
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        services.AddScoped<OutboxWriter>();
        services.AddSingleton<SendRateLimiter>();
        if (configuration.GetValue(OutboxOptions.Section + ":Enabled", true)) services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
