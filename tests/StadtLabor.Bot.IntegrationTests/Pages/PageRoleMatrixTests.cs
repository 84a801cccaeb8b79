using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Roles;
using StadtLabor.Bot.Pages;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.IntegrationTests.Pages;

/// <summary>
/// The role matrix over every page and download: each endpoint the running app declares a role for (Razor pages and
/// minimal-API downloads alike, read from its EndpointDataSource, so a page added later is covered the day it is
/// added) is requested by one colleague of each role, signed in through Entra. Not granted: 403 for GET and POST and
/// the database unchanged. Granted: a POST without anti-forgery token is refused with 400 and changes nothing (so
/// every form checks the token), a GET anything but 403 (id 1 may be 404).
/// Without a session a browser is sent to sign in and everything else gets 403. The rule is the database's no
/// business, so SQLite only; each page's own tests run on both databases.
/// </summary>
[Collection(PagesCollections.Sqlite)]
public sealed class PageRoleMatrixTests(SqlitePagesBot bot)
{
    private sealed record Persona(string Key, Activities.Persona Person, IReadOnlySet<Role> Held);

    /// <summary>The roles PagesBot assigns (its Settings): what each colleague should be let through to.</summary>
    private static readonly Persona[] Personas =
    [
        new("Erika (Staff)", Activities.Erika, new HashSet<Role>()),
        new("Sam (LabTeam)", Activities.LabTeam, new HashSet<Role> { Role.LabTeam }),
        new("Jonas (Lotse)", Activities.Lotse, new HashSet<Role> { Role.Lotse }),
        new("Ines (Innovation)", Activities.Innovation, new HashSet<Role> { Role.Innovation }),
        new("Rita (ResearchPartner)", Activities.Research, new HashSet<Role> { Role.ResearchPartner }),
    ];

    [Fact]
    public async Task Pages_EachPersona_OnlyGrantedRolesGetIn()
    {
        var watch = Stopwatch.StartNew();
        var cases = Endpoints().SelectMany(e => Personas.Select(p => new Case(e.Route, e.Role, e.Methods, p, RoleRules.Grants(p.Held, e.Role)))).ToList();
        var signedIn = await Task.WhenAll(Personas.Select(async p => (p.Key, Client: await SignedInAsync(p.Person))));
        var clients = signedIn.ToDictionary(s => s.Key, s => s.Client);
        try
        {
            // The refused requests first, then the granted POSTs (none carries an anti-forgery token), each between
            // two snapshots: none of them may change a row. Then the granted GETs, which may (a page may remember
            // something), so they run last.
            var before = await SnapshotAsync();
            var failures = await TryAllAsync(cases.Where(c => !c.Granted), clients, _ => true);
            var afterRefused = await SnapshotAsync();
            if (Changes(before, afterRefused) is { Count: > 0 } changes)
                failures.Add($"refused requests changed the database: {string.Join(" | ", changes.Take(5))}");
            failures.AddRange(await TryAllAsync(cases.Where(c => c.Granted), clients, method => method != "GET"));
            if (Changes(afterRefused, await SnapshotAsync()) is { Count: > 0 } forged)
                failures.Add($"granted POSTs without anti-forgery token changed the database: {string.Join(" | ", forged.Take(5))}");
            failures.AddRange(await TryAllAsync(cases.Where(c => c.Granted), clients, method => method == "GET"));

            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
            TestContext.Current.TestOutputHelper?.WriteLine($"{cases.Count / Personas.Length} endpoints × {Personas.Length} personas in {watch.ElapsedMilliseconds} ms");
        }
        finally
        {
            foreach (var client in clients.Values) client.Dispose();
        }
    }

    private sealed record Case(string Route, Role Role, IReadOnlyList<string> Methods, Persona Persona, bool Granted);

    /// <summary>
    /// What each request must answer: 403 when not granted; granted, a form POST without the anti-forgery token gets
    /// the anti-forgery refusal (400, "Ungültige Anfrage"), never a handler's answer or a 500; a GET anything but 403.
    /// </summary>
    private static bool Expected(Case c, string method, int status) =>
        !c.Granted ? status == 403 : method == "GET" ? status != 403 : status == 400;

    /// <summary>The cases' methods that pass <paramref name="methods"/>; one line per endpoint and persona that answered wrongly, in route order.</summary>
    private static async Task<List<string>> TryAllAsync(IEnumerable<Case> cases, Dictionary<string, HttpClient> clients, Func<string, bool> methods)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<(string Route, string Line)>();
        // A few at once: the requests wait mostly on the database, and the matrix grows with every page.
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, _) =>
        {
            var path = Concrete(c.Route);
            var answers = new List<string>();
            var wrong = false;
            foreach (var method in c.Methods.Where(methods))
            {
                var status = await StatusAsync(clients[c.Persona.Key], method, path, "text/html");
                answers.Add($"{method} {status}");
                wrong |= !Expected(c, method, status);
            }
            if (wrong)
                failures.Add((c.Route, $"{c.Persona.Key} on {c.Route} (needs {c.Role}, {(c.Granted ? "granted: expected GET not 403, POST without token 400" : "not granted: expected 403")}): {string.Join(", ", answers)}"));
        });
        return [.. failures.OrderBy(f => f.Route, StringComparer.Ordinal).ThenBy(f => f.Line, StringComparer.Ordinal).Select(f => f.Line)];
    }

    [Fact]
    public async Task Pages_WithoutSession_BrowserSentToSignInOthersForbidden()
    {
        using var anonymous = NoRedirects(new CookieContainer());
        var failures = new List<string>();
        foreach (var endpoint in Endpoints())
        {
            var path = Concrete(endpoint.Route);
            foreach (var method in endpoint.Methods)
            {
                if (method == "GET")
                {
                    using var page = await SendAsync(anonymous, method, path, "text/html");
                    var target = page.Headers.Location?.OriginalString;
                    if (page.StatusCode != HttpStatusCode.Redirect || target != "/anmelden?ziel=" + Uri.EscapeDataString(path))
                        failures.Add($"GET {endpoint.Route} as a browser without session: {(int)page.StatusCode} to {target}, expected 302 to /anmelden");
                }
                var other = await StatusAsync(anonymous, method, path, "application/json");
                if (other != 403) failures.Add($"{method} {endpoint.Route} without session (not a browser page): {other}, expected 403");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        // And /anmelden goes on to Entra's sign-in.
        using var signIn = await SendAsync(anonymous, "GET", "/anmelden?ziel=%2F", "text/html");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith(bot.EntraId.Instance, signIn.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoints_EveryRazorPageWithRole_ListedWithItsPathAndNoMethods()
    {
        var source = bot.App.Services.GetRequiredService<EndpointDataSource>();
        var pages = source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ActionDescriptor>() is PageActionDescriptor && e.Metadata.GetMetadata<LabRoleAttribute>() is not null)
            .ToList();
        var listed = EndpointRoles.List([source]);

        // The page models that declare a role are all there (Site/Index for one: "/" for every colleague).
        var models = typeof(LabPageModel).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(LabPageModel)) && t.IsDefined(typeof(LabRoleAttribute), false));
        Assert.True(pages.Count >= models, $"{models} page models declare a role, {pages.Count} page endpoints carry one");
        foreach (var page in pages)
        {
            var path = "/" + page.RoutePattern.RawText!.TrimStart('/');
            var role = page.Metadata.GetMetadata<LabRoleAttribute>()!.Role;
            Assert.True(listed.Any(e => e.Route == path && e.Role == role && e.Methods.Count == 0),
                $"page {((PageActionDescriptor)page.Metadata.GetMetadata<ActionDescriptor>()!).ViewEnginePath} ({path}, {role}) is missing from EndpointRoles.List");
        }
        Assert.Contains(listed, e => e.Route == "/" && e.Role == Role.Staff);
    }

    /// <summary>
    /// Every role endpoint once per route; a page (no method metadata: its handlers decide) is tried with GET and POST.
    /// Left out: the fixture's page that throws on purpose (<see cref="BrokenPageFeature"/>, the error page's subject):
    /// a 500 is what it is for, and Staff (everyone) may open it, so nobody could be refused there anyway.
    /// </summary>
    private List<(string Route, Role Role, IReadOnlyList<string> Methods)> Endpoints() =>
        [.. EndpointRoles.List([bot.App.Services.GetRequiredService<EndpointDataSource>()])
            .Where(e => !string.Equals(e.Route, BrokenPageFeature.Path, StringComparison.Ordinal))
            .GroupBy(e => (e.Route, e.Role))
            .Select(g => (g.Key.Route, g.Key.Role, Methods: (IReadOnlyList<string>)[.. g.SelectMany(e => e.Methods.Count > 0 ? e.Methods : ["GET", "POST"]).Distinct().Order(StringComparer.Ordinal)]))
            .OrderBy(e => e.Route, StringComparer.Ordinal)];

    /// <summary>A path for a route: every parameter gets a value its constraint accepts (1 for an id).</summary>
    internal static string Concrete(string route)
    {
        var pattern = RoutePatternFactory.Parse(route);
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => ValueFor(parameter),
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    private static string ValueFor(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        bool Has(string name) => constraints.Any(c => c == name || c.StartsWith(name + "(", StringComparison.Ordinal));
        if (Has("guid")) return "0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61";
        if (Has("datetime")) return "2026-12-07";
        if (Has("bool")) return "true";
        if (Has("alpha")) return "a";
        return "1";
    }

    private async Task<HttpClient> SignedInAsync(Activities.Persona person)
    {
        using var signedIn = await bot.SignInAsync(person);
        return NoRedirects(signedIn.Cookies);
    }

    /// <summary>A client that shows each answer as it is (a redirect is an answer too), with the session's cookies.</summary>
    private HttpClient NoRedirects(CookieContainer cookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = bot.Http.BaseAddress };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string accept)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd(accept);
        if (method != "GET") request.Content = new FormUrlEncodedContent([]);
        return await client.SendAsync(request);
    }

    private static async Task<int> StatusAsync(HttpClient client, string method, string path, string accept)
    {
        using var response = await SendAsync(client, method, path, accept);
        return (int)response.StatusCode;
    }

    private Task<IReadOnlyList<string>> SnapshotAsync() => bot.WithDbAsync(DatabaseSnapshot.TakeAsync);

    /// <summary>
    /// Rows that differ. The outbox dispatcher goes on delivering what earlier page tests queued, so a message that
    /// was pending before may be sent (or postponed) meanwhile, opening a chat for it; any other change, a new message included, counts.
    /// </summary>
    private static List<string> Changes(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        const string Outbox = "outbox_messages|";
        var pending = before.Where(r => r.StartsWith(Outbox, StringComparison.Ordinal) && DatabaseSnapshot.Column(r, "Status") == "0")
            .Select(r => DatabaseSnapshot.Column(r, "Id"))
            .ToHashSet(StringComparer.Ordinal);
        string Normal(string row) =>
            row.StartsWith(Outbox, StringComparison.Ordinal) && DatabaseSnapshot.Column(row, "Id") is { } id && pending.Contains(id)
                ? $"{Outbox}Id={id} (was pending)"
                : row;
        // Delivering a pending message to someone without a 1:1 chat opens one: a new installation row, written by
        // the dispatcher (a page request cannot write installations at all).
        const string Installations = "installations|";
        var a = before.Select(Normal).ToList();
        var b = after.Where(r => pending.Count == 0 || !r.StartsWith(Installations, StringComparison.Ordinal) || before.Contains(r)).Select(Normal).ToList();
        return [.. a.Except(b).Select(r => "- " + r).Concat(b.Except(a).Select(r => "+ " + r))];
    }
}
