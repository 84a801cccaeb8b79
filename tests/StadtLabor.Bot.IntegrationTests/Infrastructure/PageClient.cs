using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// A signed-in browser without a browser: an HttpClient with a cookie jar that went through the real sign-in
/// (app → Entra stand-in → /signin-oidc → session cookie), and reads pages with AngleSharp. Forms are submitted as a
/// browser would: every field of the form (hidden anti-forgery token included) with the test's values on top.
/// </summary>
public sealed class PageClient : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient _http;

    private PageClient(HttpClient http) => _http = http;

    public CookieContainer Cookies { get; } = new();

    public static async Task<PageClient> SignInAsync(PagesBot bot, Activities.Persona person)
    {
        var client = Anonymous(bot);
        var page = await client.GetAsync($"/anmelden?login_hint={Uri.EscapeDataString(person.AadObjectId)}&ziel=/abgemeldet");
        Assert.True(page.Status == HttpStatusCode.OK && page.Path == "/abgemeldet", $"sign-in as {person.Name} ended at {page.Path} with {(int)page.Status}");
        return client;
    }

    /// <summary>A client with no session (for the "not signed in" checks).</summary>
    public static PageClient Anonymous(BotFixture bot)
    {
        PageClient? client = null;
        var handler = new HttpClientHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 10 };
        var http = new HttpClient(handler) { BaseAddress = bot.Http.BaseAddress };
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE");
        client = new PageClient(http);
        handler.CookieContainer = client.Cookies;
        return client;
    }

    /// <summary>GET, following redirects (sign-in ones included).</summary>
    public async Task<PageResult> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await ReadAsync(response);
    }

    /// <summary>A raw request (e.g. a download or a POST without the anti-forgery token).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => await _http.SendAsync(request);

    /// <summary>
    /// Submits the form matched by <paramref name="formSelector"/> on <paramref name="page"/>: its fields as they are,
    /// then <paramref name="values"/> on top (a list, so a name may repeat for checkboxes); the clicked button's
    /// name=value when given (e.g. ("handler", "cancel")).
    /// </summary>
    public async Task<PageResult> SubmitAsync(PageResult page, string formSelector, IEnumerable<KeyValuePair<string, string>>? values = null,
        (string Name, string Value)? button = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var form = page.Document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Path}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button" or "reset" or "image"):
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked) break;
                    fields.Add(new(input.Name!, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    foreach (var option in select.Options.Where(o => o.IsSelected)) fields.Add(new(select.Name!, option.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name!, area.Value));
                    break;
            }
        }
        var overrides = values?.ToList() ?? [];
        var replaced = overrides.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
        fields.RemoveAll(f => replaced.Contains(f.Key));
        fields.AddRange(overrides);
        if (button is { } b) fields.Add(new(b.Name, b.Value));
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page.Path + page.Query;
        using var content = new FormUrlEncodedContent(fields);
        using var response = await _http.PostAsync(action, content);
        return await ReadAsync(response);
    }

    private static async Task<PageResult> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var uri = response.RequestMessage!.RequestUri!;
        var document = await Parser.ParseDocumentAsync(html);
        return new PageResult(response.StatusCode, uri.AbsolutePath, uri.Query, document, html, response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A page as the client got it: status, where the redirects ended, and the parsed document.</summary>
public sealed record PageResult(HttpStatusCode Status, string Path, string Query, IDocument Document, string Html, string? MediaType)
{
    public string H1 => Document.QuerySelector("h1")?.TextContent.Trim() ?? "";

    /// <summary>The text of the main region, whitespace collapsed (for "contains" checks).</summary>
    public string MainText => System.Text.RegularExpressions.Regex.Replace(Document.QuerySelector("main")?.TextContent ?? "", "\\s+", " ").Trim();

    /// <summary>The error summary's entries after a refused form.</summary>
    public IReadOnlyList<string> Errors => [.. Document.QuerySelectorAll(".error-summary li").Select(li => li.TextContent.Trim())];

    public string? Notice => Document.QuerySelector(".notice")?.TextContent.Trim();
}
