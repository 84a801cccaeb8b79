using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// One Chromium per pages fixture (the machine's /usr/bin/chromium; never a downloaded browser), started on first use.
/// Each signed-in page gets its own browser context (own cookies), signs in through the real flow, and can be checked
/// with axe-core (WCAG 2.1 A/AA: BITV 2.0) and photographed for review under .artifacts/pages/.
/// </summary>
public sealed class PagesBrowser(PagesBot bot) : IAsyncDisposable
{
    private const string RunAxe = """
        async () => JSON.stringify(await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
        }))
        """;

    private readonly SemaphoreSlim _start = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

    public static string ArtifactsFolder => Path.Combine(StadtLabor.Bot.Tests.Cards.Checkers.RepoRoot, ".artifacts", "pages");

    private async Task<IBrowser> BrowserAsync()
    {
        await _start.WaitAsync();
        try
        {
            if (_browser is not null) return _browser;
            _playwright = await Playwright.CreateAsync();
            // German as the browser's own language: date and time fields are drawn in it (15.12.2026, 14:00), not in the
            // context's locale, and the screenshots are for German review. On Linux Chromium takes it from LANGUAGE
            // (not --lang), with the German files of Debian's chromium-l10n. Env replaces the environment, so all of it.
            var env = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? "");
            (env["LANGUAGE"], env["LANG"]) = ("de", "de_DE.UTF-8");
            _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = FindChromium(), Headless = true, Env = env });
            return _browser;
        }
        finally
        {
            _start.Release();
        }
    }

    /// <summary>
    /// A new browser context signed in as this person (the real redirect through the Entra stand-in), on
    /// <paramref name="path"/>. Confirm dialogs (data-confirm buttons) are accepted, as a person clicking "OK" would.
    /// </summary>
    public async Task<IPage> OpenAsync(Activities.Persona person, string path, string locale = "de-DE")
    {
        ArgumentNullException.ThrowIfNull(person);
        var page = await NewPageAsync(locale);
        var response = await page.GotoAsync($"/anmelden?login_hint={Uri.EscapeDataString(person.AadObjectId)}&ziel={Uri.EscapeDataString(path)}");
        Assert.True(response is not null && response.Ok, $"opening {path} as {person.Name}: {response?.Status} at {page.Url}");
        return page;
    }

    /// <summary>A page in a new browser context with nobody signed in (e.g. the Teams tab shell, which signs in itself), still blank.</summary>
    public async Task<IPage> NewPageAsync(string locale = "de-DE")
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = bot.Http.BaseAddress!.ToString().TrimEnd('/'),
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        // Generous waits: the walks share two cores with the whole test run, and a first navigation there took over
        // Playwright's default 30 s once. A page that never comes still fails, only later.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    /// <summary>axe-core on the whole page: no serious or critical WCAG 2.1 A/AA violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string what)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
            // Evaluated through the DevTools protocol, which the pages' strict CSP does not stop (a script tag would be).
            await page.EvaluateAsync(AxeScript.Value);
        var result = new AxeResult(JObject.Parse(await page.EvaluateAsync<string>(RunAxe)));
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{what}: axe found " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}) at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}")));
    }

    /// <summary>
    /// After a refused POST: the error summary has the focus (a screen reader reads it first), each entry links to a
    /// field of the form that is marked invalid and described by its message, and following the first entry by
    /// keyboard puts the focus in that field. Returns the entries' texts, in order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AssertErrorSummaryAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var summary = page.Locator(".error-summary");
        await summary.WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement?.matches('.error-summary') ?? false"),
            $"the error summary on {page.Url} does not have the focus");
        var targets = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.error-summary a[href^="#"]')].map(a => {
                const field = document.getElementById(a.getAttribute('href').slice(1));
                if (!field) return 'missing ' + a.getAttribute('href');
                if (!field.matches('input, select, textarea, button')) return 'not a field ' + a.getAttribute('href');
                if (field.getAttribute('aria-invalid') !== 'true' && field.type !== 'submit') return 'not marked invalid ' + field.id;
                return 'ok ' + field.id;
            })
            """);
        Assert.NotEmpty(targets);
        Assert.All(targets, t => Assert.StartsWith("ok ", t, StringComparison.Ordinal));
        var first = targets[0]["ok ".Length..];
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal(first, await page.EvaluateAsync<string>("() => document.activeElement?.closest('.error-summary a')?.getAttribute('href')?.slice(1) ?? ''"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("id => document.activeElement?.id === id", first);
        return await summary.Locator("li").AllInnerTextsAsync();
    }

    /// <summary>A full-page PNG under .artifacts/pages/NAME.png (only from the SQLite run: one picture per page).</summary>
    public async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!bot.TakesScreenshots) return;
        Directory.CreateDirectory(ArtifactsFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Keyboard only: presses Tab from the top until the element matching <paramref name="selector"/> has the focus
    /// (at most 150 presses), so a test can then press Enter or Space on it as a keyboard user would.
    /// </summary>
    public static async Task TabToAsync(IPage page, string selector)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        for (var i = 0; i < 150; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
        }
        Assert.Fail($"'{selector}' cannot be reached with the Tab key on {page.Url}");
    }

    /// <summary>
    /// Keyboard only, for a link or a GET form's button: Tab to it, press Enter, and wait for the page at
    /// <paramref name="urlGlob"/>. Two different slow things happen under the full run's load: the server answers late
    /// (the navigation request is out; then we only wait, up to 90 s) and, once in CI, Chromium seemed to drop the
    /// Enter (no request at all). Only in the second case, after 20 s without a navigation request, is Enter pressed
    /// again, at most three times. Never for a POST (it would submit twice).
    /// </summary>
    public static async Task FollowByKeyboardAsync(IPage page, string selector, string urlGlob)
    {
        ArgumentNullException.ThrowIfNull(page);
        await TabToAsync(page, selector);
        var requested = 0;
        void OnRequest(object? sender, IRequest request)
        {
            if (request.IsNavigationRequest && request.Frame == page.MainFrame) Interlocked.Increment(ref requested);
        }
        page.Request += OnRequest;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await page.Keyboard.PressAsync("Enter");
                var waiting = page.WaitForURLAsync(urlGlob, new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 90_000 });
                var noRequest = Task.Delay(20_000);
                if (await Task.WhenAny(waiting, noRequest) == waiting || Volatile.Read(ref requested) > 0 || attempt == 3)
                {
                    await waiting;
                    return;
                }
                Console.WriteLine($"[pages] Enter on {selector} at {page.Url} sent no request in 20 s; pressing it again ({attempt + 1}/3).");
                await TabToAsync(page, selector);
                _ = waiting.ContinueWith(t => t.Exception, TaskScheduler.Default); // the next wait replaces it
            }
        }
        finally
        {
            page.Request -= OnRequest;
        }
    }

    private static string FindChromium()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("STADTLABOR_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c))
            ?? throw new InvalidOperationException("Chromium is not installed (looked for $STADTLABOR_CHROMIUM, /usr/bin/chromium): `apt-get install chromium` (./test.sh does this when run as root).");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _start.Dispose();
    }
}
