using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests.Protocol;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Privacy;

/// <summary>The city's own notice text, controller, data protection officer and addresses, and other retention.</summary>
public abstract class ConfiguredPrivacyBot : BotFixture
{
    public const string OfficerAddress = "dsb@example.org";
    public const string LabAddress = "team.stadtlabor@example.org";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Privacy:Notice:de"] = "Hinweis des Personalrats-geprüften Verfahrens 2026",
        ["Privacy:Notice:en"] = "Notice of the procedure approved in 2026",
        ["Privacy:Controller"] = "Stadt Soest, Fachbereich Innovation",
        ["Privacy:Contact"] = "Datenschutzbeauftragte der Stadt Soest, Zimmer 101",
        ["Privacy:OfficerEmail"] = OfficerAddress,
        ["Lab:ContactEmail"] = LabAddress,
        ["Privacy:Retention:SentOutboxMessages"] = "14",
        ["Privacy:Retention:InactiveInstallations"] = "365",
    };
}

public sealed class SqliteConfiguredPrivacyBot : ConfiguredPrivacyBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresConfiguredPrivacyBot : ConfiguredPrivacyBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// "datenschutz": a short card (what, why with the legal basis, how long in words from the real retention, rights,
/// contact as mailto links) and "Alles lesen" with the full text, in German and English.
/// </summary>
public abstract class PrivacyNoticeTests<TPlain, TConfigured>(TPlain plain, TConfigured configured)
    where TPlain : BotFixture where TConfigured : ConfiguredPrivacyBot
{
    private static readonly Strings Texts = new();

    private static T Ready<T>(T bot) where T : BotFixture
    {
        if (bot.Unavailable is { } reason) Assert.Skip(reason);
        return bot;
    }

    private static async Task<(JsonObject Card, ConnectorCall Reply)> AskAsync(BotFixture bot, string text, string locale = "de-DE")
    {
        var conversation = "a:privacy-" + Guid.NewGuid().ToString("N");
        await bot.PostAsync(Message(bot, Erika, text, conversation, locale: locale));
        var reply = (await bot.Connector.WaitForCallsAsync(conversation, 1))[0];
        return (CardIn(reply)!, reply);
    }

    /// <summary>The short card without "Alles lesen": its body only.</summary>
    private static string ShortWords(JsonObject card) => Words(card["body"]);

    private static string ShortSource(JsonObject card) =>
        string.Join("\n", card["body"]!.AsArray().Select(b => b?["text"]?.ToString()));

    private static JsonObject ReadAll(JsonObject card, string lang)
    {
        var showCard = card["actions"]!.AsArray().Single(a => a!["type"]!.GetValue<string>() == "Action.ShowCard")!;
        Assert.Equal(Texts.Get(lang, "privacy.readAll"), showCard["title"]!.GetValue<string>());
        return showCard["card"]!.AsObject();
    }

    /// <summary>Per kind: its short name and "how long" as the purge job applies it, the days said in words.</summary>
    private static List<(string Short, string HowLong, string What)> Retention(BotFixture bot, string lang)
    {
        using var scope = bot.App.Services.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<PrivacyOptions>>().Value;
        return [.. scope.ServiceProvider.GetServices<IRetentionPolicy>().Select(p =>
        {
            var key = "privacy.kinds." + JsonNamingPolicy.CamelCase.ConvertName(p.Kind);
            var kept = Wording.Duration(Texts, lang, TimeSpan.FromDays(options.DaysFor(p)));
            return (Texts.Get(lang, key + ".short"), Texts.Format(lang, key + ".howLong", kept), Texts.Get(lang, key + ".what"));
        })];
    }

    /// <summary>A markdown text as a person sees it (escapes read as their characters).</summary>
    private static string Seen(string markdown) => Words(new JsonObject { ["text"] = markdown });

    private static void AssertFacts(JsonObject card, List<(string Short, string HowLong, string What)> retention)
    {
        var facts = card["body"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "FactSet")!["facts"]!.AsArray()
            .Select(f => (Seen(f!["title"]!.GetValue<string>()), Seen(f["value"]!.GetValue<string>()))).ToList();
        Assert.Equal(retention.Select(r => (r.Short, r.HowLong)), facts);
    }

    [Theory]
    [InlineData("datenschutz")]
    [InlineData("Datenschutz?")]
    [InlineData("privacy")]
    public async Task Notice_TypedInGerman_ShortWithLegalBasisDurationsInWordsAndMailto(string text)
    {
        var bot = Ready(plain);

        var (card, reply) = await AskAsync(bot, text);

        var words = ShortWords(card);
        Assert.Contains(Texts.Get("de", "privacy.title"), words, StringComparison.Ordinal);
        Assert.Contains(Texts.Get("de", "privacy.defaults.notice"), words, StringComparison.Ordinal);
        Assert.Contains("Art. 6 Abs. 1 lit. e DSGVO mit § 3 DSG NRW", words, StringComparison.Ordinal);
        Assert.Contains("Art. 88 DSGVO mit § 18 DSG NRW", words, StringComparison.Ordinal);
        Assert.Contains(Texts.Get("de", "privacy.rightsShort"), words, StringComparison.Ordinal);
        AssertFacts(card, Retention(bot, "de"));
        // The defaults as a clerk reads them: 180 days are half a year, 730 days two years.
        Assert.Contains("Solange die App installiert ist, danach noch 6 Monate.", words, StringComparison.Ordinal);
        Assert.Contains("2 Jahre, danach bleibt nur die anonyme Note.", words, StringComparison.Ordinal);
        Assert.DoesNotContain("180 Tage", words, StringComparison.Ordinal);
        Assert.DoesNotContain("730 Tage", words, StringComparison.Ordinal);
        var source = ShortSource(card);
        Assert.Contains("[stadtlabor@soest.de](mailto:stadtlabor@soest.de)", source, StringComparison.Ordinal);
        Assert.Contains("[datenschutz@soest.de](mailto:datenschutz@soest.de)", source, StringComparison.Ordinal);
        // The full text waits behind "Alles lesen".
        Assert.DoesNotContain(Texts.Get("de", "privacy.complaint"), words, StringComparison.Ordinal);
        Assert.Equal(["privacy.myData", "menu.show"], Verbs(card));
        ActivitySchemaCheck.AssertValid([reply.Body!.ToJsonString()]);
    }

    [Fact]
    public async Task Notice_AllesLesen_ShowsTheFullText()
    {
        var bot = Ready(plain);

        var (card, _) = await AskAsync(bot, "datenschutz");

        var full = Words(ReadAll(card, "de"));
        Assert.Contains("Stadt Soest, Der Bürgermeister", full, StringComparison.Ordinal);
        Assert.Contains(Texts.Get("de", "privacy.defaults.contact"), full, StringComparison.Ordinal);
        Assert.Contains(Texts.Get("de", "privacy.identity"), full, StringComparison.Ordinal);
        Assert.Contains(Texts.Get("de", "privacy.noText"), full, StringComparison.Ordinal);
        foreach (var (_, howLong, what) in Retention(bot, "de"))
        {
            Assert.Contains(what, full, StringComparison.Ordinal);
            Assert.Contains(howLong, full, StringComparison.Ordinal);
        }
        Assert.Contains(Texts.Get("de", "privacy.rights"), full, StringComparison.Ordinal);
        Assert.Contains("LDI NRW", full, StringComparison.Ordinal);
        Assert.Contains("„meine daten“", full, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_WholeCard_NoJargonNoSettingsKeys()
    {
        var bot = Ready(configured);

        var (card, _) = await AskAsync(bot, "datenschutz");

        var json = card.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.DoesNotContain("Objekt-ID", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("OfficerEmail", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ContactEmail", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Privacy:", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_EnglishClient_EnglishWords()
    {
        var bot = Ready(plain);

        var (card, _) = await AskAsync(bot, "privacy", "en-US");

        var words = ShortWords(card);
        Assert.Contains("What the bot stores", words, StringComparison.Ordinal);
        Assert.Contains("Art. 6(1)(e) GDPR with § 3 DSG NRW", words, StringComparison.Ordinal);
        Assert.Contains("Art. 88 GDPR with § 18 DSG NRW", words, StringComparison.Ordinal);
        Assert.Contains("As long as the app is installed, then 6 months more.", words, StringComparison.Ordinal);
        AssertFacts(card, Retention(bot, "en"));
        Assert.Contains("supervisory authority", Words(ReadAll(card, "en")), StringComparison.Ordinal);
        Assert.DoesNotContain("Wofür", Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_MenuButton_CardReplacedInPlace()
    {
        var bot = Ready(plain);

        var body = await bot.InvokeAsync(Execute(bot, Erika, "privacy.notice", conversationId: "a:privacy-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Contains(Texts.Get("de", "privacy.storedTitle"), Words(body["value"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_Configured_CitysTextsRetentionInWordsAndAddresses()
    {
        var bot = Ready(configured);

        var (german, _) = await AskAsync(bot, "datenschutz");
        var (english, _) = await AskAsync(bot, "privacy", "en-GB");

        var de = ShortWords(german);
        Assert.Contains("Hinweis des Personalrats-geprüften Verfahrens 2026", de, StringComparison.Ordinal);
        Assert.DoesNotContain(Texts.Get("de", "privacy.defaults.notice"), de, StringComparison.Ordinal);
        Assert.Contains("2 Wochen nach dem Versand.", de, StringComparison.Ordinal);
        Assert.Contains("Solange die App installiert ist, danach noch 1 Jahr.", de, StringComparison.Ordinal);
        AssertFacts(german, Retention(bot, "de"));
        var source = ShortSource(german);
        Assert.Contains($"[{ConfiguredPrivacyBot.OfficerAddress}](mailto:{ConfiguredPrivacyBot.OfficerAddress})", source, StringComparison.Ordinal);
        Assert.Contains($"[{ConfiguredPrivacyBot.LabAddress}](mailto:{ConfiguredPrivacyBot.LabAddress})", source, StringComparison.Ordinal);
        var full = Words(ReadAll(german, "de"));
        Assert.Contains("Stadt Soest, Fachbereich Innovation", full, StringComparison.Ordinal);
        Assert.Contains("Datenschutzbeauftragte der Stadt Soest, Zimmer 101", full, StringComparison.Ordinal);

        var en = ShortWords(english);
        Assert.Contains("Notice of the procedure approved in 2026", en, StringComparison.Ordinal);
        Assert.Contains("2 weeks after sending.", en, StringComparison.Ordinal);
        AssertFacts(english, Retention(bot, "en"));
    }
}

public sealed class PrivacyNoticeTests_Sqlite(SqliteBot plain, SqliteConfiguredPrivacyBot configured)
    : PrivacyNoticeTests<SqliteBot, SqliteConfiguredPrivacyBot>(plain, configured), IClassFixture<SqliteBot>, IClassFixture<SqliteConfiguredPrivacyBot>;

public sealed class PrivacyNoticeTests_Postgres(PostgresBot plain, PostgresConfiguredPrivacyBot configured)
    : PrivacyNoticeTests<PostgresBot, PostgresConfiguredPrivacyBot>(plain, configured), IClassFixture<PostgresBot>, IClassFixture<PostgresConfiguredPrivacyBot>;
