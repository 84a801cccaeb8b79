using System.Net;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace StadtLabor.Bot.Connector;

/// <summary>Retry and timeout settings for connector calls (section "Connector"); defaults follow Teams' guidance.</summary>
public sealed class ConnectorResilienceOptions
{
    public const string Section = "Connector";
    public int MaxRetries { get; set; } = 4;
    public int BaseDelayMilliseconds { get; set; } = 500;
    public int AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>A longer Retry-After is not waited out in-line; the caller gets Throttled and decides.</summary>
    public int MaxRetryAfterSeconds { get; set; } = 30;
}

/// <summary>The outbound credential; null means "send no token" (Development with the Agents Playground only).</summary>
public sealed record ConnectorCredential(TokenCredential? Credential);

public static class ConnectorRegistration
{
    public static IServiceCollection AddConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.Section));
        services.AddOptions<ConnectorResilienceOptions>().Bind(configuration.GetSection(ConnectorResilienceOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ConnectorCredential(CreateCredential(sp.GetRequiredService<IOptions<BotOptions>>().Value)));
        services.AddSingleton<InboundTokenValidator>();
        services.AddHostedService<AnonymousModeGuard>();
        services.AddHttpClient("openid-metadata", c => c.Timeout = TimeSpan.FromSeconds(10));

        services.AddHttpClient<ConnectorClient>(ConnectorClient.HttpClientName)
            .AddHttpMessageHandler(sp => new ConnectorTokenHandler(
                sp.GetRequiredService<ConnectorCredential>().Credential,
                sp.GetRequiredService<IOptions<BotOptions>>().Value.Credential.Scope,
                sp.GetRequiredService<TimeProvider>()))
            .AddResilienceHandler("connector", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<ConnectorResilienceOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = o.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(o.BaseDelayMilliseconds),
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, TimeSpan.FromSeconds(o.MaxRetryAfterSeconds))),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(o.AttemptTimeoutSeconds));
            });
        return services;
    }

    /// <summary>429 (if the wait is short), 412 and the gateway errors are transient; 403/404 and the rest are not.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException) return true;
        if (outcome.Result is not { } response) return false;
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => !(response.RequestMessage?.Options.TryGetValue(ConnectorClient.NoThrottleRetry, out var paced) == true && paced)
                && (ConnectorClient.RetryAfterOf(response) ?? TimeSpan.Zero) <= maxRetryAfter,
            HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
                or HttpStatusCode.GatewayTimeout => true,
            _ => false,
        };
    }

    private static TokenCredential? CreateCredential(BotOptions bot)
    {
        var authority = new Uri(bot.Credential.AuthorityHost);
        return bot.Credential.Type switch
        {
            CredentialType.None => null,
            CredentialType.ClientSecret => new ClientSecretCredential(bot.TenantId, bot.AppId, bot.Credential.ClientSecret,
                new ClientSecretCredentialOptions { AuthorityHost = authority, DisableInstanceDiscovery = SecurityChecks.IsLoopback(authority) }),
            CredentialType.Certificate => new ClientCertificateCredential(bot.TenantId, bot.AppId,
                X509CertificateLoader.LoadPkcs12FromFile(bot.Credential.CertificatePath!, bot.Credential.CertificatePassword),
                new ClientCertificateCredentialOptions { AuthorityHost = authority }),
            CredentialType.ManagedIdentity => string.IsNullOrEmpty(bot.Credential.ManagedIdentityClientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(bot.Credential.ManagedIdentityClientId)),
            _ => throw new InvalidOperationException($"Unknown credential type {bot.Credential.Type}"),
        };
    }
}
