using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Graph.Directory;
using StadtLabor.Bot.Graph.Installations;
using StadtLabor.Bot.Graph.Roles;

namespace StadtLabor.Bot.Graph;

public static class GraphRegistration
{
    public const string HttpClientName = "graph";

    /// <summary>
    /// The Graph client (the bot's own credential, Graph's scope, only to allowed hosts), the call queue and its worker,
    /// and the pieces built on them. With Graph:Enabled false only the "no Graph" defaults are registered.
    /// </summary>
    public static IServiceCollection AddLabGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<GraphCallWriter>();

        var enabled = configuration.GetValue(GraphOptions.Section + ":Enabled", false);
        if (!enabled)
        {
            services.TryAddSingleton<IGroupDirectory, NoGroupDirectory>();
            return services;
        }

        services.AddHttpClient(HttpClientName, (sp, c) =>
            {
                var o = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
                c.Timeout = TimeSpan.FromSeconds(o.AttemptTimeoutSeconds);
            })
            .AddHttpMessageHandler(sp => new GraphHostGuard(sp.GetRequiredService<IOptions<GraphOptions>>().Value.EffectiveAllowedHosts))
            .AddHttpMessageHandler(sp => new GraphRequestCounter(sp.GetRequiredService<GraphRequestBudget>(), sp.GetRequiredService<TimeProvider>()))
            .AddHttpMessageHandler(sp => new ConnectorTokenHandler(
                sp.GetRequiredService<ConnectorCredential>().Credential,
                sp.GetRequiredService<IOptions<GraphOptions>>().Value.Scope,
                sp.GetRequiredService<TimeProvider>()));
        // No retry handler here: the queue (GraphCallWorker) retries durably; direct reads (roles) fall back to their cache.
        services.AddScoped(sp => new GraphServiceClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            authenticationProvider: null, baseUrl: sp.GetRequiredService<IOptions<GraphOptions>>().Value.BaseUrl.TrimEnd('/')));

        services.AddSingleton<GraphRequestBudget>();
        services.AddSingleton<GraphCallWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<GraphCallWorker>());

        services.AddGraphRoles(configuration);
        services.AddGraphDirectory(configuration);
        services.AddGraphInstallations(configuration);
        services.TryAddSingleton<IGroupDirectory, NoGroupDirectory>();
        return services;
    }

    /// <summary>A handler for one kind of queued call (see <see cref="IGraphCallHandler"/>).</summary>
    public static IServiceCollection AddGraphCallHandler<T>(this IServiceCollection services) where T : class, IGraphCallHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGraphCallHandler, T>());
        return services;
    }
}

/// <summary>Sends nothing (and so no token) to a host outside Graph:AllowedHosts, e.g. an @odata.nextLink pointing elsewhere.</summary>
internal sealed class GraphHostGuard(IReadOnlyList<string> allowed) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (!allowed.Contains(uri.Authority, StringComparer.OrdinalIgnoreCase) && !allowed.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
            throw new HttpRequestException($"Graph request to a host that is not in Graph:AllowedHosts ({uri.Host})");
        return base.SendAsync(request, cancellationToken);
    }
}
