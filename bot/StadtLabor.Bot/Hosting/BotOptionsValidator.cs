using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Hosting;

/// <summary>
/// Checks the "Bot" section at start-up. Every message names the key and the environment variable, because the
/// person reading it is an administrator looking at a failed deployment, not a developer.
/// </summary>
internal sealed class BotOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions o)
    {
        var errors = new List<string>();
        var development = environment.IsDevelopment();

        if (o.DangerouslyAllowAnonymous && !development)
            errors.Add($"Bot:DangerouslyAllowAnonymous is true in the '{environment.EnvironmentName}' environment; it is allowed only in Development. Remove Bot__DangerouslyAllowAnonymous.");
        if (o.DangerouslyAllowAnonymous && o.Credential.Type != CredentialType.None)
            errors.Add("Bot:DangerouslyAllowAnonymous needs Bot:Credential:Type=None: an anonymous caller must never make the bot send its connector token anywhere. Set Bot__Credential__Type=None or turn anonymous mode off.");
        if (!Guid.TryParse(o.AppId, out _))
            errors.Add("Bot:AppId is missing or not a GUID: set it to the Microsoft App ID (client id) of the bot's Entra app registration (environment variable Bot__AppId).");
        if (o.Credential.Type != CredentialType.None && !Guid.TryParse(o.TenantId, out _))
            errors.Add("Bot:TenantId is missing or not a GUID: set it to the Entra tenant id of the bot registration (Bot__TenantId).");
        if (o.AllowedTenants.Count == 0 || o.AllowedTenants.Any(string.IsNullOrWhiteSpace))
            errors.Add("Bot:AllowedTenants is empty: list the tenant ids whose users may talk to the bot (Bot__AllowedTenants__0, Bot__AllowedTenants__1, ...).");

        if (!Uri.TryCreate(o.OpenIdMetadataUrl, UriKind.Absolute, out var metadata))
            errors.Add($"Bot:OpenIdMetadataUrl '{o.OpenIdMetadataUrl}' is not an absolute URL (default {BotOptions.BotFrameworkMetadataUrl}).");
        else if (metadata.Scheme != Uri.UriSchemeHttps && (o.RequireHttpsMetadata || !SecurityChecks.IsLoopback(metadata)))
            errors.Add("Bot:OpenIdMetadataUrl must use https; Bot:RequireHttpsMetadata=false is accepted only for a loopback URL (local test issuer).");
        if (!o.RequireHttpsMetadata && metadata is not null && !SecurityChecks.IsLoopback(metadata))
            errors.Add("Bot:RequireHttpsMetadata=false is accepted only when Bot:OpenIdMetadataUrl points to a loopback address.");
        if (string.IsNullOrWhiteSpace(o.TokenIssuer))
            errors.Add($"Bot:TokenIssuer is empty (default {BotOptions.BotFrameworkIssuer}).");

        foreach (var host in o.ServiceUrlHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('*', StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
                errors.Add($"Bot:ServiceUrlHosts entry '{host}' must be an exact host or host:port (no wildcard, no scheme, no path).");
        }

        foreach (var channel in o.Channels)
        {
            if (string.IsNullOrWhiteSpace(channel))
                errors.Add("Bot:Channels has an empty entry: list channel ids such as msteams (Bot__Channels__0).");
        }

        switch (o.Credential.Type)
        {
            case CredentialType.None when !development:
                errors.Add("Bot:Credential:Type=None is allowed only in Development; use ClientSecret, Certificate or ManagedIdentity.");
                break;
            case CredentialType.ClientSecret when string.IsNullOrEmpty(o.Credential.ClientSecret):
                errors.Add("Bot:Credential:ClientSecret is missing for Bot:Credential:Type=ClientSecret: set Bot__Credential__ClientSecret from your vault or user secrets, never in a file in the repository.");
                break;
            case CredentialType.Certificate when string.IsNullOrEmpty(o.Credential.CertificatePath) || !File.Exists(o.Credential.CertificatePath):
                errors.Add("Bot:Credential:CertificatePath is missing or the file does not exist (Bot:Credential:Type=Certificate, a .pfx file).");
                break;
        }

        if (o.MaxRequestBodyBytes is < 16 * 1024 or > 4 * 1024 * 1024)
            errors.Add("Bot:MaxRequestBodyBytes must be between 16384 and 4194304.");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
