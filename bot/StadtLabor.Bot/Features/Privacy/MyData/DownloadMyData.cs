using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Features.Privacy.MyData;

/// <summary>
/// GET /exports/mydata/{token}.json and .html: everything the bot holds about one person (DSGVO Art. 15), as data
/// and as a page to read. The "meine daten" card makes the link for the person who opened it in their 1:1 chat; it
/// expires after 15 minutes. The browser that opens it is not signed in to the bot, so the signed link, which names
/// the person, is the permission; nothing in the request can widen it to someone else.
/// </summary>
public static partial class DownloadMyData
{
    public const string JsonPath = "exports/mydata/{0}.json";
    public const string HtmlPath = "exports/mydata/{0}.html";
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(15);

    private const string Reason = "Opened from the person's own \"meine daten\" card in a browser without sign-in; the HMAC-signed link names that person, is made only in their 1:1 chat and is valid 15 minutes.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Umlauts readable in the file; the characters HTML cares about stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/exports/mydata/{token}.json", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, html: false, http, ct))
            .AllowWithoutLabRole(Reason);
        app.MapGet("/exports/mydata/{token}.html", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, html: true, http, ct))
            .AllowWithoutLabRole(Reason);
    }

    /// <summary>Null when the object id cannot be a link subject (it never contains '|'; Entra ids are GUIDs).</summary>
    public static LinkGrant? Grant(string aadObjectId, string lang, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(aadObjectId);
        if (aadObjectId.Contains('|', StringComparison.Ordinal)) return null;
        var language = Math.Max(0, Strings.Languages.ToList().IndexOf(lang));
        return new(LinkPurpose.MyData, language, aadObjectId, nowUtc.Add(Validity));
    }

    private static async Task<IResult> HandleAsync(string token, bool html, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var strings = services.GetRequiredService<Strings>();
        await services.GetRequiredService<LinkKey>().LoadAsync(ct);
        if (services.GetRequiredService<DownloadLinks>().Read(token, LinkPurpose.MyData) is not { } grant
            || grant.TargetId < 0 || grant.TargetId >= Strings.Languages.Count)
            return Results.Text(strings.Get(Strings.German, "privacy.page.unknown"), "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);

        var lang = Strings.Languages[(int)grant.TargetId];
        var person = new DataSubject(grant.Subject);
        var features = services.GetServices<IPersonalData>().ToList();
        var kinds = await MyDataWords.DescribeAllAsync(features, person, ct);
        var records = new List<PersonalRecord>();
        foreach (var feature in features) records.AddRange(await feature.ExportAsync(person, ct));
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        // Counts only: who asked stays out of the log.
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DownloadMyData).FullName!);
        LogDownload(log, records.Count, html);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (html)
        {
            // The page shows stored text (names, titles, card texts): no script, no outside resource, nothing to run.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            return Results.Text(MyDataPage.Render(strings, lang, now, kinds, records), "text/html; charset=utf-8", Encoding.UTF8);
        }
        var document = new JsonObject
        {
            ["createdAtUtc"] = now,
            ["aadObjectId"] = person.AadObjectId,
            ["kinds"] = new JsonArray([.. kinds.Select(k => (JsonNode)new JsonObject
            {
                ["kind"] = k.Kind,
                ["what"] = MyDataWords.What(strings, lang, k.Kind),
                ["count"] = k.Count,
                ["purpose"] = MyDataWords.Why(strings, lang, k.Kind),
                ["retention"] = MyDataWords.HowLong(strings, lang, k),
                ["records"] = JsonSerializer.SerializeToNode(records.Where(r => r.Kind == k.Kind).Select(r => r.Fields), Json),
            })]),
        };
        return Results.File(Encoding.UTF8.GetBytes(document.ToJsonString(Json)), "application/json; charset=utf-8", "meine-daten.json");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Personal data download: {Records} records (HTML: {Html})")]
    private static partial void LogDownload(ILogger logger, int records, bool html);
}
