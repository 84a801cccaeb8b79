using System.Security.Claims;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Hosting;

/// <summary>
/// Endpoint metadata: the role a page or export needs. Minimal APIs: <c>.RequireLabRole(Role.X)</c>; a Razor page
/// model: <c>[LabRole(Role.X)]</c>. Either way the same middleware and RoleGate decide.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LabRoleAttribute(Role role) : Attribute
{
    public Role Role { get; } = role;
}

/// <summary>Endpoint metadata: deliberately open to anyone (e.g. a tab's HTML shell that signs in afterwards), and why.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NoLabRoleAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

/// <summary>A page or export as the role matrix sees it.</summary>
public sealed record RoleEndpoint(string Route, IReadOnlyList<string> Methods, Role Role);

/// <summary>
/// Roles for pages and exports: a feature declares <c>app.MapGet(...).RequireLabRole(Role.Innovation)</c>, and a
/// middleware checks it through the same RoleGate as the turns. A middleware rather than an endpoint filter, because
/// filters only run for minimal-API handlers and a Razor page or static export would slip past them.
/// Deny by default: an endpoint a feature maps without a role stops the start, and without a page session (Entra
/// sign-in, the Teams tab's SSO token, or the development sign-in) nobody is authenticated: a browser is sent to
/// /anmelden, anything else gets 403.
/// </summary>
public static partial class EndpointRoles
{
    private static readonly string[] ObjectIdClaims = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];
    private static readonly string[] TenantClaims = ["http://schemas.microsoft.com/identity/claims/tenantid", "tid"];
    private static readonly string[] UpnClaims = [ClaimTypes.Upn, "upn"];

    public static TBuilder RequireLabRole<TBuilder>(this TBuilder builder, Role role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new LabRoleAttribute(role));

    /// <summary>The explicit exception to "every endpoint declares a role"; the reason is for the reviewer.</summary>
    public static TBuilder AllowWithoutLabRole<TBuilder>(this TBuilder builder, string reason) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return builder.WithMetadata(new NoLabRoleAttribute(reason));
    }

    /// <summary>
    /// Every endpoint that declares a role (the registry the role matrix walks). A Razor page lists no methods: its
    /// handlers (OnGet, OnPostX) decide, so the matrix tries it with GET and POST.
    /// </summary>
    public static IReadOnlyList<RoleEndpoint> List(IEnumerable<EndpointDataSource> sources) =>
        [.. sources.SelectMany(s => s.Endpoints)
            .Where(e => e.Metadata.GetMetadata<LabRoleAttribute>() is not null)
            .Select(e => new RoleEndpoint(RouteOf(e), e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? [],
                e.Metadata.GetMetadata<LabRoleAttribute>()!.Role))];

    /// <summary>Maps the features' endpoints and stops the start when one of them declares no role.</summary>
    internal static void MapFeatureEndpoints(IEndpointRouteBuilder app, IEnumerable<IFeatureModule> features)
    {
        var before = app.DataSources.SelectMany(s => s.Endpoints).Select(e => e.DisplayName).ToHashSet(StringComparer.Ordinal);
        foreach (var feature in features) feature.MapEndpoints(app);
        ThrowIfUndeclared(app.DataSources.SelectMany(s => s.Endpoints).Where(e => !before.Contains(e.DisplayName)));
    }

    /// <summary>Stops the start when one of these endpoints (a feature's, a page, a sign-in route) declares no role.</summary>
    internal static void ThrowIfUndeclared(IEnumerable<Endpoint> endpoints)
    {
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<LabRoleAttribute>() is null && e.Metadata.GetMetadata<NoLabRoleAttribute>() is null)
            .Select(e => e.DisplayName ?? RouteOf(e))
            .ToList();
        if (undeclared.Count > 0)
            throw new InvalidOperationException(
                $"Every page and export must declare its role: add .RequireLabRole(Role.Staff or another role), on a Razor page model [LabRole(Role.Staff or another role)] (or, for a page that must open without sign-in, .AllowWithoutLabRole(\"why\") or [NoLabRole(\"why\")]) to {string.Join(", ", undeclared)}.");
    }

    internal static IApplicationBuilder UseLabRoles(this IApplicationBuilder app) => app.Use(CheckAsync);

    private static async Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<LabRoleAttribute>() is not { } requirement)
        {
            await next(http);
            return;
        }
        var tenants = http.RequestServices.GetRequiredService<IOptions<BotOptions>>().Value.AllowedTenants;
        var user = UserFrom(http.User, tenants);
        var gate = http.RequestServices.GetRequiredService<RoleGate>();
        if (user is null && SendsToSignIn(http))
        {
            // A person opening a page (or a link to a download) without a session: sign in first, then come back.
            http.Response.Redirect("/anmelden?ziel=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
            return;
        }
        if (user is null || !await gate.AllowsAsync(user, requirement.Role, http.RequestAborted))
        {
            var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EndpointRoles).FullName!);
            var route = RouteOf(endpoint);
            LogDenied(log, route, requirement.Role, user is null ? "not signed in" : "role missing");
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next(http);
    }

    /// <summary>A browser navigation (GET for HTML): worth a sign-in redirect. Scripts, images and forms get a plain 403.</summary>
    private static bool SendsToSignIn(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The signed-in person from an authenticated principal of an allowed tenant (the page session's cookie, see
    /// Pages/PagesSetup); null otherwise.
    /// </summary>
    internal static LabUser? UserFrom(ClaimsPrincipal principal, IEnumerable<string> allowedTenants)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var objectId = First(principal, ObjectIdClaims);
        var tenant = First(principal, TenantClaims);
        if (objectId is null || tenant is null || !allowedTenants.Contains(tenant, StringComparer.OrdinalIgnoreCase)) return null;
        return new LabUser(tenant, objectId, First(principal, UpnClaims));
    }

    private static string? First(ClaimsPrincipal principal, string[] types) =>
        types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>The path as requested: a Razor page's pattern comes without the leading "/" ("labor/status", "" for "/").</summary>
    private static string RouteOf(Endpoint endpoint) =>
        (endpoint as RouteEndpoint)?.RoutePattern.RawText is { } raw ? "/" + raw.TrimStart('/') : endpoint.DisplayName ?? "(endpoint)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Denied {Route}: needs role {Role} ({Reason})")]
    private static partial void LogDenied(ILogger logger, string route, Role role, string reason);
}
