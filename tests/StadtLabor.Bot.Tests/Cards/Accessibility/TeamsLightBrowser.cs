using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace StadtLabor.Bot.Tests.Cards.Accessibility;

/// <summary>
/// One Chromium for a whole test class, with a page that renders cards like Teams in the light theme: Microsoft's
/// adaptivecards renderer (tools/checkers), our Teams host config and Fluent-like button styles (teams-light.*).
/// Uses the Chromium the machine has (/usr/bin/chromium, test.sh installs it); never downloads a browser.
/// </summary>
public sealed class TeamsLightBrowser : IAsyncLifetime
{
    /// <summary>
    /// axe-core over the card only, with the WCAG 2.1 A and AA rules (BITV 2.0 asks for WCAG 2.1 AA, also for
    /// internal applications). Only violations come back in detail: the rest would only cost time.
    /// </summary>
    private const string RunAxe = """
        async () => JSON.stringify(await axe.run(document.getElementById('card'), {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
        }))
        """;

    private static string Folder => Path.Combine(Checkers.RepoRoot, "tests", "StadtLabor.Bot.Tests", "Cards", "Accessibility");

    private IPlaywright? playwright;
    private IBrowser? browser;
    private IPage? page;
    private ICDPSession? devTools;

    public async ValueTask InitializeAsync()
    {
        var chromium = FindChromium();
        var renderer = Path.Combine(Checkers.RepoRoot, "tools", "checkers", "node_modules", "adaptivecards", "dist", "adaptivecards.min.js");
        var markdown = Path.Combine(Checkers.RepoRoot, "tools", "checkers", "node_modules", "markdown-it", "dist", "browser", "markdown-it.umd.min.js");
        if (!File.Exists(renderer) || !File.Exists(markdown))
            throw new InvalidOperationException("tools/checkers/node_modules is missing adaptivecards or markdown-it: run scripts/ensure-checkers.sh (test.sh does).");

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 600, Height = 900 } });
        await page.SetContentAsync(await File.ReadAllTextAsync(Path.Combine(Folder, "teams-light.html")));
        await page.AddScriptTagAsync(new() { Path = renderer });
        await page.AddScriptTagAsync(new() { Path = markdown });
        // axe-core as bundled in Deque's NuGet package, injected once (Deque.AxeCore.Playwright injects it per run).
        await page.AddScriptTagAsync(new() { Content = new BundledAxeScriptProvider().GetScript() });
        await page.EvaluateAsync("json => setUp(json)", await File.ReadAllTextAsync(Path.Combine(Folder, "teams-light.hostconfig.json")));
        devTools = await page.Context.NewCDPSessionAsync(page);
    }

    /// <summary>Renders the card in the page (it stays there for a screenshot) and checks it.</summary>
    public async Task<CardCheck> CheckAsync(JsonObject card, string lang)
    {
        var page = this.page ?? throw new InvalidOperationException("not initialized");
        var buttons = await page.EvaluateAsync<int>("([card, lang]) => renderCard(card, lang)", new object[] { card.ToJsonString(), lang });
        if (buttons < 0) throw new InvalidOperationException("adaptivecards rendered nothing: the card does not parse");

        var axe = new AxeResult(JObject.Parse(await page.EvaluateAsync<string>(RunAxe)));
        return new CardCheck(axe.Violations, await ActionNamesAsync());
    }

    /// <summary>A PNG of the card last rendered on the grey chat canvas, for review.</summary>
    public async Task ScreenshotAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page!.Locator("main").ScreenshotAsync(new() { Path = path });
    }

    /// <summary>
    /// The accessible names of the card's buttons as Chromium computes them for screen readers (the names a person
    /// hears when tabbing through the card), not the JSON titles: tooltips, icons and markdown all count.
    /// </summary>
    private async Task<List<string>> ActionNamesAsync()
    {
        var document = await devTools!.SendAsync("DOM.getDocument", new() { ["depth"] = 0 });
        var root = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var found = await devTools.SendAsync("DOM.querySelectorAll", new()
        {
            ["nodeId"] = root,
            ["selector"] = "#card .ac-pushButton, #card .ac-pushButton-disabled, #card [role=button]",
        });
        var names = new List<string>();
        foreach (var node in found!.Value.GetProperty("nodeIds").EnumerateArray())
        {
            var tree = await devTools.SendAsync("Accessibility.getPartialAXTree", new() { ["nodeId"] = node.GetInt32(), ["fetchRelatives"] = false });
            var ax = tree!.Value.GetProperty("nodes")[0];
            if (ax.TryGetProperty("ignored", out var ignored) && ignored.GetBoolean()) continue;
            names.Add(ax.TryGetProperty("name", out var name) && name.TryGetProperty("value", out var value)
                ? value.GetString() ?? "" : "");
        }
        return names;
    }

    private static string FindChromium()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("STADTLABOR_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c))
            ?? throw new InvalidOperationException(
                "Chromium is not installed (looked for $STADTLABOR_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser). " +
                "The card accessibility check needs it: `apt-get install chromium` (./test.sh does this when run as root).");
    }

    public async ValueTask DisposeAsync()
    {
        if (devTools is not null) await devTools.DetachAsync();
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}

/// <summary>What one rendered card showed: axe's violations and its buttons' accessible names.</summary>
public sealed record CardCheck(IReadOnlyList<AxeResultItem> Violations, IReadOnlyList<string> ActionNames);
