using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Pages.Tab;

/// <summary>
/// /tab?ziel=/meine: the shell each personal tab of the Teams app opens (manifest staticTabs). It has nothing to show
/// itself: wwwroot/js/tab.js asks Teams for a token, signs in with it (POST /tab/anmelden) and goes on to the page named
/// by "ziel". When that fails (outside Teams, or a refused token), it says so and offers the browser sign-in instead.
/// The page also names what nested app authentication needs (client id, authority, scope), from the same settings the
/// server checks the token against, so the two cannot drift apart.
/// </summary>
[NoLabRole("the tab shell signs in with the Teams token")]
public sealed class TabModel : LabPageModel
{
    /// <summary>A path of this site only, as everywhere a "ziel" is followed.</summary>
    public string Target { get; private set; } = "/";

    public string BrowserSignIn => "/anmelden?ziel=" + Uri.EscapeDataString(Target);

    /// <summary>Null when the server would refuse every token anyway: then the page names nothing and tab.js uses getAuthToken.</summary>
    public TabTokenOptions? NestedApp { get; private set; }

    public void OnGet(string? ziel)
    {
        Target = SignInEndpoints.SafeTarget(ziel);
        var options = TabTokenOptions.From(HttpContext.RequestServices);
        NestedApp = options.NestedAppScope is null ? null : options;
    }
}
