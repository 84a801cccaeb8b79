using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Graph;

/// <summary>
/// Section "Graph". Off in the embedded default: trainings then offer the .ics download, roles come from the Roles
/// section alone, and nobody gets the app installed for them. The credential is the bot's own (section Bot:Credential).
/// </summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";
    public const string PublicBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>The master switch: without it no Graph client exists and every Graph feature below is off.</summary>
    public bool Enabled { get; set; }

    /// <summary>Graph's address; tests point it at the local stub (its host must then be in <see cref="AllowedHosts"/>).</summary>
    public string BaseUrl { get; set; } = PublicBaseUrl;

    /// <summary>Hosts the bot sends its Graph token to (exact). Empty: graph.microsoft.com only.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The token's scope: application permissions of the bot's app registration.</summary>
    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>The lab's mailbox that sends training invitations (UPN or object id), e.g. stadtlabor@soest.de.</summary>
    public string? OrganizerMailbox { get; set; }

    public GraphCalendarOptions Calendar { get; set; } = new();

    /// <summary>Install the Teams app for a person who lacks it before a survey or digest reaches them.</summary>
    public bool InstallForUsers { get; set; }

    /// <summary>The app's id in the tenant's app catalog (teamsAppId for installedApps); needed for <see cref="InstallForUsers"/>.</summary>
    public string? TeamsAppId { get; set; }

    public GraphCallOptions Calls { get; set; } = new();
    public GraphRoleOptions Roles { get; set; } = new();

    public int AttemptTimeoutSeconds { get; set; } = 30;

    public IReadOnlyList<string> EffectiveAllowedHosts => AllowedHosts.Count > 0 ? AllowedHosts : ["graph.microsoft.com"];
}

public sealed class GraphCalendarOptions
{
    /// <summary>Booked seats become Outlook invitations from <see cref="GraphOptions.OrganizerMailbox"/>.</summary>
    public bool Enabled { get; set; }
}

/// <summary>The durable Graph call queue (graph_calls): Outlook's limits per app and mailbox are the defaults.</summary>
public sealed class GraphCallOptions
{
    public int PollMilliseconds { get; set; } = 500;
    public int LeaseSeconds { get; set; } = 120;
    public int MaxAttempts { get; set; } = 8;
    public int RetryBaseSeconds { get; set; } = 5;

    /// <summary>A Retry-After longer than this is capped (a misbehaving server must not park a call for a day).</summary>
    public int MaxRetryAfterSeconds { get; set; } = 600;

    /// <summary>Outlook: 4 concurrent requests per app and mailbox.</summary>
    public int ConcurrentPerMailbox { get; set; } = 4;

    /// <summary>Outlook: 10,000 requests per 10 minutes per app and mailbox.</summary>
    public int RequestsPerTenMinutes { get; set; } = 10_000;

    /// <summary>Teams app installation: 30 requests a second per tenant.</summary>
    public int InstallationsPerSecond { get; set; } = 30;
}

public sealed class GraphRoleOptions
{
    /// <summary>How long a membership answer is used before it is asked again (in the background).</summary>
    public int CacheMinutes { get; set; } = 5;

    /// <summary>Graph down: the last known answer holds this long, then elevated roles are denied (staff stays staff).</summary>
    public int GraceMinutes { get; set; } = 60;
}

internal sealed class GraphOptionsValidator : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions o)
    {
        if (!o.Enabled)
        {
            return o.Calendar.Enabled || o.InstallForUsers
                ? ValidateOptionsResult.Fail("Graph:Calendar:Enabled and Graph:InstallForUsers need Graph:Enabled = true.")
                : ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http"))
            errors.Add($"Graph:BaseUrl '{o.BaseUrl}' is not an absolute http(s) address.");
        else if (!o.EffectiveAllowedHosts.Contains(baseUrl.Authority, StringComparer.OrdinalIgnoreCase)
                 && !o.EffectiveAllowedHosts.Contains(baseUrl.Host, StringComparer.OrdinalIgnoreCase))
            errors.Add($"Graph:BaseUrl's host '{baseUrl.Authority}' is not in Graph:AllowedHosts (the bot would send its token there).");
        else if (baseUrl.Scheme == "http" && !Connector.SecurityChecks.IsLoopback(baseUrl))
            errors.Add("Graph:BaseUrl must use https (plain http only on loopback, for the tests' stub).");
        if (o.Calendar.Enabled && string.IsNullOrWhiteSpace(o.OrganizerMailbox))
            errors.Add("Graph:Calendar:Enabled needs Graph:OrganizerMailbox (the lab's mailbox that sends the invitations).");
        if (o.InstallForUsers && string.IsNullOrWhiteSpace(o.TeamsAppId))
            errors.Add("Graph:InstallForUsers needs Graph:TeamsAppId (the app's id in the tenant's app catalog).");
        if (o.Calls.ConcurrentPerMailbox < 1 || o.Calls.RequestsPerTenMinutes < 1 || o.Calls.MaxAttempts < 1 || o.Calls.InstallationsPerSecond < 1)
            errors.Add("Graph:Calls limits must be at least 1.");
        if (o.Roles.CacheMinutes < 0 || o.Roles.GraceMinutes < 0) errors.Add("Graph:Roles minutes must not be negative.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
