using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Tests.Roles;

/// <summary>
/// Pages and exports: declared with RequireLabRole, listed for the role matrix, closed (403) while no sign-in exists,
/// and, once a sign-in scheme provides oid/tid claims, open exactly to the holders of the role.
/// </summary>
public sealed class EndpointRolesTests
{
    private const string Tenant = "9a8b7c6d-1111-4222-8333-444455556666";
    private const string InesId = "3c9e2f10-7a4b-4d5c-8e6f-0a1b2c3d4e5f";
    private const string AntonId = "4d0f3a21-8b5c-4e6d-9f70-1b2c3d4e5f60";
    private const string LenaId = "0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61";
    private const string ErikaId = "b1c2d3e4-0000-4000-8000-000000000001";

    /// <summary>Test-only sign-in: whoever the headers name. Production will use Teams SSO tokens instead.</summary>
    private sealed class HeaderSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue("X-Test-Oid", out var oid)) return Task.FromResult(AuthenticateResult.NoResult());
            var identity = new ClaimsIdentity(
                [new Claim("oid", oid.ToString()), new Claim("tid", Request.Headers["X-Test-Tid"].ToString())], "Test");
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), "Test")));
        }
    }

    private static async Task<WebApplication> StartAsync(bool signIn)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:AllowedTenants:0"] = Tenant,
            ["Roles:Innovation:0"] = InesId,
            ["Roles:Admin:0"] = AntonId,
            ["Roles:LabTeam:0"] = LenaId,
        });
        builder.Services.AddOptions<BotOptions>().Bind(builder.Configuration.GetSection(BotOptions.Section));
        builder.Services.AddHttpClient<ConnectorClient>();
        builder.Services.AddLabRoles(builder.Configuration);
        if (signIn) builder.Services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, HeaderSignIn>("Test", null);

        var app = builder.Build();
        if (signIn) app.UseAuthentication();
        app.UseLabRoles();
        app.MapGet("/surveys/{id}/results", (string id) => "results " + id).RequireLabRole(Role.Innovation);
        app.MapGet("/lab/calendar", () => "calendar").RequireLabRole(Role.Staff);
        app.MapGet("/undeclared", () => "infrastructure");
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpStatusCode> GetAsync(WebApplication app, string path, string? oid = null, string tenant = Tenant)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (oid is not null)
        {
            request.Headers.Add("X-Test-Oid", oid);
            request.Headers.Add("X-Test-Tid", tenant);
        }
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Endpoint_NoSignInConfigured_EveryRoleEndpointForbidden()
    {
        await using var app = await StartAsync(signIn: false);

        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(app, "/surveys/7/results"));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(app, "/lab/calendar"));
        // Headers are no sign-in: without an authentication scheme nobody is anybody.
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(app, "/surveys/7/results", AntonId));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, "/undeclared"));
    }

    [Theory]
    [InlineData(InesId, Tenant, HttpStatusCode.OK)]
    [InlineData(AntonId, Tenant, HttpStatusCode.OK)]
    [InlineData(LenaId, Tenant, HttpStatusCode.Forbidden)]
    [InlineData(ErikaId, Tenant, HttpStatusCode.Forbidden)]
    [InlineData(InesId, "11111111-2222-4333-8444-555555555555", HttpStatusCode.Forbidden)]
    [InlineData(null, Tenant, HttpStatusCode.Forbidden)]
    public async Task Endpoint_InnovationExport_OnlyInnovationAndAdmin(string? oid, string tenant, HttpStatusCode expected)
    {
        await using var app = await StartAsync(signIn: true);

        Assert.Equal(expected, await GetAsync(app, "/surveys/7/results", oid, tenant));
    }

    [Theory]
    [InlineData(ErikaId, HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.Forbidden)]
    public async Task Endpoint_StaffPage_AnySignedInColleagueButNotAnonymous(string? oid, HttpStatusCode expected)
    {
        await using var app = await StartAsync(signIn: true);

        Assert.Equal(expected, await GetAsync(app, "/lab/calendar", oid));
    }

    [Fact]
    public async Task List_RoleEndpoints_RouteMethodsAndRole()
    {
        await using var app = await StartAsync(signIn: false);

        var listed = EndpointRoles.List([app.Services.GetRequiredService<EndpointDataSource>()]);

        Assert.Equal(2, listed.Count);
        var results = Assert.Single(listed, e => e.Route == "/surveys/{id}/results");
        Assert.Equal(Role.Innovation, results.Role);
        Assert.Equal(["GET"], results.Methods);
        Assert.Contains(listed, e => e.Route == "/lab/calendar" && e.Role == Role.Staff);
    }

    private sealed class PageFeature(Action<IEndpointRouteBuilder> map) : IFeatureModule
    {
        public void MapTurns(TurnRoutes routes)
        {
        }

        public void MapEndpoints(IEndpointRouteBuilder app) => map(app);
    }

    private static string? MapFailure(params Action<IEndpointRouteBuilder>[] features)
    {
        using var app = WebApplication.CreateSlimBuilder().Build();
        app.MapGet("/health/live", () => "infrastructure, mapped before the features");
        try
        {
            EndpointRoles.MapFeatureEndpoints(app, features.Select(f => new PageFeature(f)).ToList());
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    [Fact]
    public void MapFeatureEndpoints_PageWithoutRole_StopsTheStartNamingIt()
    {
        var message = MapFailure(
            app => app.MapGet("/ideas/board", () => "").RequireLabRole(Role.Lotse),
            app => app.MapPost("/surveys/export", () => ""));

        Assert.NotNull(message);
        Assert.Contains("/surveys/export", message, StringComparison.Ordinal);
        Assert.DoesNotContain("/ideas/board", message, StringComparison.Ordinal);
        Assert.DoesNotContain("/health/live", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapFeatureEndpoints_EveryPageDeclaredOrExplicitlyOpen_Starts()
    {
        Assert.Null(MapFailure(
            app => app.MapGet("/ideas/board", () => "").RequireLabRole(Role.Lotse),
            app => app.MapGet("/tabs/shell", () => "").AllowWithoutLabRole("the tab's HTML shell loads before Teams SSO signs in")));
    }

    [Fact]
    public void UserFrom_Claims_OnlyAuthenticatedAllowedTenantWithObjectId()
    {
        ClaimsPrincipal Principal(string? authType, params (string Type, string Value)[] claims) =>
            new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), authType));
        string[] tenants = [Tenant];

        var full = EndpointRoles.UserFrom(Principal("Bearer",
            ("http://schemas.microsoft.com/identity/claims/objectidentifier", InesId),
            ("http://schemas.microsoft.com/identity/claims/tenantid", Tenant.ToUpperInvariant()),
            (ClaimTypes.Upn, "ines.innovation@soest.de")), tenants);

        Assert.Equal(new LabUser(Tenant.ToUpperInvariant(), InesId, "ines.innovation@soest.de"), full);
        Assert.Null(EndpointRoles.UserFrom(Principal(null, ("oid", InesId), ("tid", Tenant)), tenants));
        Assert.Null(EndpointRoles.UserFrom(Principal("Bearer", ("tid", Tenant)), tenants));
        Assert.Null(EndpointRoles.UserFrom(Principal("Bearer", ("oid", InesId), ("tid", "other")), tenants));
        Assert.Null(EndpointRoles.UserFrom(new ClaimsPrincipal(), tenants));
    }
}
