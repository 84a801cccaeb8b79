using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Pages;

namespace StadtLabor.Bot.Tests.Pages;

/// <summary>
/// Inside the Teams tab the pages are a third-party frame: the session, anti-forgery and notice cookies must be
/// SameSite=None; Secure; Partitioned there, or the tab signs in and then forgets it (or refuses every form).
/// </summary>
public sealed class TabCookiesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cookies_ForTheTeamsFrame_PartitionedOnlyUnderHttps(bool requireHttps)
    {
        using var services = Services(requireHttps);
        var cookies = new[]
        {
            services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PagesSetup.CookieScheme).Cookie,
            services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie,
            services.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie,
        };

        foreach (var cookie in cookies)
        {
            var header = SetCookie(cookie);
            Assert.Equal(requireHttps, header.Contains("samesite=none", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(requireHttps, header.Contains("partitioned", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(requireHttps, header.Contains("secure", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static ServiceProvider Services(bool requireHttps)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pages:RequireHttps"] = requireHttps ? "true" : "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<StadtLabor.Bot.Connector.BotOptions>();
        services.AddLabPages(configuration, new TestEnvironment());
        return services.BuildServiceProvider();
    }

    /// <summary>The Set-Cookie header a browser would get over plain http (so Secure shows only where it is forced).</summary>
    private static string SetCookie(CookieBuilder cookie)
    {
        var http = new DefaultHttpContext();
        http.Response.Cookies.Append(cookie.Name ?? "test", "v", cookie.Build(http));
        return http.Response.Headers.SetCookie.ToString();
    }

    /// <summary>Development, for the start-up checks of PagesSetup (SessionCookieTests uses it too).</summary>
    internal sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";
        public string ApplicationName { get; set; } = "StadtLabor.Bot";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
