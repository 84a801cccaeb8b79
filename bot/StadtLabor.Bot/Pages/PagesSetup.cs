using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Pages;

/// <summary>
/// The intranet pages and Teams tabs: Razor Pages (server-rendered, one file per page, forms with anti-forgery built
/// in, no client framework), a cookie session started by Entra ID sign-in (OpenID Connect, code flow with PKCE), by
/// the Teams tab's SSO token (Pages/Tab) or, in Development on loopback, by /anmelden/entwicklung. Roles are checked
/// by the same middleware and RoleGate as every other endpoint (Hosting/EndpointRoles): a page declares
/// <c>[LabRole(Role.X)]</c> or the start stops.
/// </summary>
public static class PagesSetup
{
    public const string CookieScheme = "LabPages";
    public const string EntraScheme = "Entra";

    /// <summary>The claims a session keeps: who (object id, tenant), the name to greet, and a UPN only for UPN roles (SessionPrincipal).</summary>
    public const string ObjectIdClaim = "oid";
    public const string TenantIdClaim = "tid";
    public const string NameClaim = "name";

    public static void AddLabPages(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<PagesOptions>().Bind(configuration.GetSection(PagesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PagesOptions>>(sp => new PagesOptionsValidator(environment, sp.GetRequiredService<IOptions<BotOptions>>()));
        services.AddHostedService<DevelopmentSignInGuard>();
        services.AddScoped<PageWords>();
        services.AddScoped<PageNav>();
        var mvc = services.AddRazorPages(o => o.RootDirectory = "/Pages");
        // The pages are compiled into this assembly. When another program hosts the app (the integration tests start
        // it in-process), MVC only looks in the entry assembly, so the pages are named here; once, whoever hosts.
        var pagesAssembly = typeof(PagesSetup).Assembly;
        if (!mvc.PartManager.ApplicationParts.OfType<Microsoft.AspNetCore.Mvc.ApplicationParts.AssemblyPart>().Any(p => p.Assembly == pagesAssembly))
            foreach (var part in Microsoft.AspNetCore.Mvc.ApplicationParts.ApplicationPartFactory.GetApplicationPartFactory(pagesAssembly).GetApplicationParts(pagesAssembly))
                mvc.PartManager.ApplicationParts.Add(part);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "stadtlabor-af";
            o.FormFieldName = "__af";
        });
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>().Configure<IOptions<PagesOptions>>((o, pages) =>
            o.Cookie.SecurePolicy = pages.Value.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        var signIn = configuration.GetSection(PagesOptions.Section).Get<PagesOptions>()?.SignIn ?? new SignInOptions();
        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieScheme;
            o.DefaultChallengeScheme = signIn.Enabled ? EntraScheme : CookieScheme;
        });
        auth.AddCookie(CookieScheme, _ => { });
        Tab.TabSignIn.AddTabCookies(services);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<PagesOptions>>((o, pages) =>
        {
            var p = pages.Value;
            o.Cookie.Name = "stadtlabor-session";
            o.Cookie.HttpOnly = true;
            // In a Teams tab the page is framed by teams.microsoft.com, a third-party context: only SameSite=None
            // (which needs Secure) reaches it there. Without HTTPS (tests on loopback) Lax is what works.
            o.Cookie.SecurePolicy = p.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = p.RequireHttps ? SameSiteMode.None : SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(p.SessionMinutes);
            o.SlidingExpiration = true;
            o.LoginPath = "/anmelden";
            o.LogoutPath = "/abmelden";
            o.AccessDeniedPath = "/status/403";
            o.ReturnUrlParameter = "ziel";
        });
        if (signIn.Enabled)
        {
            auth.AddOpenIdConnect(EntraScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(EntraScheme).Configure<IOptions<BotOptions>, IOptions<PagesOptions>>((o, bot, pages) =>
                ConfigureEntra(o, bot.Value, pages.Value));
        }
    }

    private static void ConfigureEntra(OpenIdConnectOptions o, BotOptions bot, PagesOptions pages)
    {
        var signIn = pages.SignIn;
        o.SignInScheme = CookieScheme;
        o.Authority = signIn.Authority(bot.TenantId);
        o.RequireHttpsMetadata = signIn.RequireHttpsMetadata;
        o.ClientId = string.IsNullOrWhiteSpace(signIn.ClientId) ? bot.AppId : signIn.ClientId;
        o.ClientSecret = string.IsNullOrWhiteSpace(signIn.ClientSecret) ? bot.Credential.ClientSecret : signIn.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The answer comes back as a top-level GET, so the correlation and nonce cookies can be SameSite=Lax.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CallbackPath = "/signin-oidc";
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        var secure = pages.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = secure;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = secure;
        o.Events = new OpenIdConnectEvents
        {
            OnRedirectToIdentityProvider = context =>
            {
                // "Sign in as": the tab and the tests name the person; Entra then skips its account picker.
                if (context.Properties.Items.TryGetValue("login_hint", out var hint) && !string.IsNullOrWhiteSpace(hint))
                    context.ProtocolMessage.LoginHint = hint;
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                var keepUpn = context.HttpContext.RequestServices.GetRequiredService<Roles.RoleAssignments>().HasUpnAssignments;
                if (SessionPrincipal.From(context.Principal!, bot.AllowedTenants, keepUpn) is { } principal) context.Principal = principal;
                else context.Fail("The token's tenant is not allowed or it names no object id.");
                return Task.CompletedTask;
            },
            OnRemoteFailure = context =>
            {
                // A refused or broken sign-in shows our page with a reason, not a stack trace.
                context.HandleResponse();
                context.Response.Redirect("/status/401");
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Error pages, security headers and static files for everything but the bot's own /api endpoints.</summary>
    public static void UseLabPages(this WebApplication app)
    {
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), branch =>
        {
            branch.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/fehler",
                // The framework's own log line carries the exception's message, which may hold names or form values;
                // the error page logs the incident with the exception's type and stack only (Incident.Describe).
                SuppressDiagnosticsCallback = _ => true,
            });
            branch.UseStatusCodePagesWithReExecute("/status/{0}");
            branch.Use(SecurityHeaders.WriteAsync);
        });
        // Styles, scripts and icons are built into the assembly: nothing is fetched from a CDN (the intranet may
        // have no internet), and a deployment cannot lose them. They are the same for everyone, hence no role.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(PagesSetup).Assembly, "wwwroot"),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.UseAuthentication();
    }

    public static void MapLabPages(this WebApplication app)
    {
        IEndpointRouteBuilder routes = app;
        // By name: a data source may hand out new endpoint objects each time it is asked.
        var before = routes.DataSources.SelectMany(s => s.Endpoints).Select(e => e.DisplayName).ToHashSet(StringComparer.Ordinal);
        app.MapRazorPages();
        SignInEndpoints.Map(app);
        Tab.TabSignIn.Map(app);
        Hosting.EndpointRoles.ThrowIfUndeclared(routes.DataSources.SelectMany(s => s.Endpoints).Where(e => !before.Contains(e.DisplayName)));
    }
}
