using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests.Protocol;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Privacy;

/// <summary>The city's own notice text, controller, data protection officer and a shorter retention.</summary>
public sealed class ConfiguredPrivacyBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Privacy:Notice:de"] = "Hinweis des Personalrats-geprüften Verfahrens 2026",
        ["Privacy:Notice:en"] = "Notice of the procedure approved in 2026",
        ["Privacy:Controller"] = "Stadt Soest, Fachbereich Innovation",
        ["Privacy:Contact"] = "datenschutz@example.org",
        ["Privacy:Retention:SentOutboxMessages"] = "14",
    };
}

/// <summary>"datenschutz": the notice, in German and English, with what is stored, why, how long, and the rights.</summary>
public sealed class PrivacyNoticeTests(SqliteBot plain, ConfiguredPrivacyBot configured)
    : IClassFixture<SqliteBot>, IClassFixture<ConfiguredPrivacyBot>
{
    private static readonly Strings Texts = new();

    private static T Ready<T>(T bot) where T : BotFixture
    {
        if (bot.Unavailable is { } reason) Assert.Skip(reason);
        return bot;
    }

    private static string NewConversation() => "a:privacy-" + Guid.NewGuid().ToString("N");

    private static async Task<ConnectorCall> AskAsync(BotFixture bot, string text, string locale = "de-DE")
    {
        var conversation = NewConversation();
        await bot.PostAsync(Message(bot, Erika, text, conversation, locale: locale));
        return (await bot.Connector.WaitForCallsAsync(conversation, 1))[0];
    }

    [Theory]
    [InlineData("datenschutz")]
    [InlineData("Datenschutz?")]
    [InlineData("privacy")]
    public async Task Notice_TypedInGerman_DefaultsForSoestKindsRetentionAndRights(string text)
    {
        var bot = Ready(plain);

        var reply = await AskAsync(bot, text);

        var card = CardIn(reply);
        var words = Words(card);
        Assert.Contains(Texts.Get("de", "privacy.title"), words, StringComparison.Ordinal);
        Assert.Contains(Texts.Get("de", "privacy.defaults.notice"), words, StringComparison.Ordinal);
        Assert.Contains("Stadt Soest, Der Bürgermeister", words, StringComparison.Ordinal);
        Assert.Contains("Datenschutzbeauftragte", words, StringComparison.Ordinal);
        Assert.Contains("Solange die App installiert ist, danach noch 180 Tage.", words, StringComparison.Ordinal);
        Assert.Contains("30 Tage nach dem Versand.", words, StringComparison.Ordinal);
        Assert.Contains("90 Tage.", words, StringComparison.Ordinal);
        Assert.Contains("LDI NRW", words, StringComparison.Ordinal);
        Assert.Contains("Auskunft", words, StringComparison.Ordinal);
        Assert.Contains("„meine daten“", words, StringComparison.Ordinal);
        Assert.Equal(["privacy.myData", "menu.show"], Verbs(card));
        ActivitySchemaCheck.AssertValid([reply.Body!.ToJsonString()]);
    }

    [Fact]
    public async Task Notice_EnglishClient_EnglishWords()
    {
        var bot = Ready(plain);

        var words = Words(CardIn(await AskAsync(bot, "privacy", "en-US")));

        Assert.Contains("What the bot stores", words, StringComparison.Ordinal);
        Assert.Contains("As long as the app is installed, then 180 more days.", words, StringComparison.Ordinal);
        Assert.Contains("supervisory authority", words, StringComparison.Ordinal);
        Assert.DoesNotContain("Wofür", words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_MenuButton_CardReplacedInPlace()
    {
        var bot = Ready(plain);

        var body = await bot.InvokeAsync(Execute(bot, Erika, "privacy.notice", conversationId: NewConversation()));

        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Contains(Texts.Get("de", "privacy.storedTitle"), Words(body["value"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_Configured_CitysTextsAndRetentionShown()
    {
        var bot = Ready(configured);

        var german = Words(CardIn(await AskAsync(bot, "datenschutz")));
        var english = Words(CardIn(await AskAsync(bot, "privacy", "en-GB")));

        Assert.Contains("Hinweis des Personalrats-geprüften Verfahrens 2026", german, StringComparison.Ordinal);
        Assert.DoesNotContain(Texts.Get("de", "privacy.defaults.notice"), german, StringComparison.Ordinal);
        Assert.Contains("Stadt Soest, Fachbereich Innovation", german, StringComparison.Ordinal);
        Assert.Contains("datenschutz@example.org", german, StringComparison.Ordinal);
        Assert.Contains("14 Tage nach dem Versand.", german, StringComparison.Ordinal);
        Assert.Contains("Notice of the procedure approved in 2026", english, StringComparison.Ordinal);
        Assert.Contains("14 days after sending.", english, StringComparison.Ordinal);
    }
}
