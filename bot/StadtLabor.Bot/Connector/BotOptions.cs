namespace StadtLabor.Bot.Connector;

/// <summary>Configuration section "Bot". Validated at start-up by Hosting/BotOptionsValidator.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";
    public const string BotFrameworkMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    public string AppId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public List<string> AllowedTenants { get; set; } = [];
    public string OpenIdMetadataUrl { get; set; } = BotFrameworkMetadataUrl;
    public string TokenIssuer { get; set; } = BotFrameworkIssuer;
    public bool RequireHttpsMetadata { get; set; } = true;

    // Exact hosts only. A wildcard such as *.trafficmanager.net can be registered by anyone, and we send our
    // connector token to whatever serviceUrl an activity names.
    public List<string> ServiceUrlHosts { get; set; } = [];
    /// <summary>Channels we accept activities from; checked before the signing key's endorsements (empty = msteams).</summary>
    public List<string> Channels { get; set; } = [];
    public CredentialOptions Credential { get; set; } = new();
    public bool DangerouslyAllowAnonymous { get; set; }
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>The hosts in effect: configured ones, or Teams' global endpoint when none are configured.</summary>
    public IReadOnlyList<string> EffectiveServiceUrlHosts =>
        ServiceUrlHosts.Count > 0 ? ServiceUrlHosts : ["smba.trafficmanager.net"];

    /// <summary>The channels in effect: configured ones, or Teams alone.</summary>
    public IReadOnlyList<string> EffectiveChannels => Channels.Count > 0 ? Channels : ["msteams"];
}

public sealed class CredentialOptions
{
    public CredentialType Type { get; set; } = CredentialType.ClientSecret;
    public string? ClientSecret { get; set; }
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Entra authority; only changed for sovereign clouds.</summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com/";
    public string Scope { get; set; } = "https://api.botframework.com/.default";
}

public enum CredentialType
{
    None,
    ClientSecret,
    Certificate,
    ManagedIdentity,
}
