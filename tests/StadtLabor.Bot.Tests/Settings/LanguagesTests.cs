using System.Text.Json.Nodes;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Tests.Settings;

/// <summary>
/// The one rule for a person's language (Turns/Languages): their own choice, else Lab:Language, else the Teams
/// client; and for a message sent later, their choice, else what the feature recorded. Which typed commands count as
/// English for the hint, and which words choose a language.
/// </summary>
public sealed class LanguagesTests
{
    private const string Tenant = "9a8b7c6d-1111-4222-8333-444455556666";
    private const string Erika = "b1c2d3e4-0000-4000-8000-000000000001";
    private const string Leon = "b1c2d3e4-0000-4000-8000-000000000002";

    private sealed class StoredChoices(Dictionary<string, string> chosen) : ILanguageChoices
    {
        public int Reads { get; private set; }

        public Task<string?> ChosenAsync(string tenantId, string userAadObjectId, CancellationToken ct)
        {
            Reads++;
            return Task.FromResult(tenantId == Tenant && chosen.TryGetValue(userAadObjectId, out var lang) ? lang : null);
        }

        public Task<IReadOnlyDictionary<string, string>> ChosenAsync(string tenantId, IReadOnlyCollection<string> userAadObjectIds, CancellationToken ct)
        {
            Reads++;
            IReadOnlyDictionary<string, string> found = chosen.Where(c => tenantId == Tenant && userAadObjectIds.Contains(c.Key)).ToDictionary();
            return Task.FromResult(found);
        }
    }

    private static Languages With(string? labLanguage, Dictionary<string, string>? chosen = null, StoredChoices? store = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Lab:Language"] = labLanguage }).Build();
        return new Languages(configuration, store ?? new StoredChoices(chosen ?? []));
    }

    private static Activity From(string aadObjectId, string locale) =>
        System.Text.Json.JsonSerializer.Deserialize<Activity>(new JsonObject
        {
            ["type"] = "message",
            ["locale"] = locale,
            ["from"] = new JsonObject { ["id"] = "29:x", ["aadObjectId"] = aadObjectId },
            ["conversation"] = new JsonObject { ["id"] = "a:1", ["conversationType"] = "personal", ["tenantId"] = Tenant },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
        }.ToJsonString(), ConnectorJson.Options)!;

    [Theory]
    [InlineData("auto", "de-DE")]
    [InlineData("auto", "en-US")]
    [InlineData("de", "en-US")]
    [InlineData("en", "de-DE")]
    public async Task ForTurn_ErikaChoseEnglish_EnglishWhateverClientAndLabLanguage(string labLanguage, string locale)
    {
        var turn = await With(labLanguage, new() { [Erika] = "en" }).ForTurnAsync(From(Erika, locale), CancellationToken.None);

        Assert.Equal(new TurnLanguage("en", LanguageSource.Chosen), turn);
    }

    [Theory]
    [InlineData("auto", "de-DE", "de", LanguageSource.Client)]
    [InlineData("auto", "en-GB", "en", LanguageSource.Client)]
    [InlineData(null, "fr-FR", "de", LanguageSource.Client)]
    [InlineData("de", "en-US", "de", LanguageSource.Configured)]
    [InlineData("en", "de-DE", "en", LanguageSource.Configured)]
    public async Task ForTurn_NoChoice_LabLanguageElseClient(string? labLanguage, string locale, string expected, LanguageSource source)
    {
        var turn = await With(labLanguage, new() { [Leon] = "en" }).ForTurnAsync(From(Erika, locale), CancellationToken.None);

        Assert.Equal(new TurnLanguage(expected, source), turn);
    }

    [Fact]
    public async Task ForTurn_StoredValueWithoutWords_CountsAsNoChoice()
    {
        var turn = await With("auto", new() { [Erika] = "fr" }).ForTurnAsync(From(Erika, "de-DE"), CancellationToken.None);

        Assert.Equal(new TurnLanguage("de", LanguageSource.Client), turn);
    }

    [Fact]
    public async Task ForTurn_OneTurn_OneRead()
    {
        var store = new StoredChoices(new() { [Erika] = "en" });

        await With("auto", store: store).ForTurnAsync(From(Erika, "de-DE"), CancellationToken.None);

        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task ForPeople_ErikaChoseEnglishLeonNone_ChoiceElseRecordedLanguage()
    {
        var store = new StoredChoices(new() { [Erika] = "en" });

        var people = await With("auto", store: store).ForPeopleAsync(Tenant, [Erika, Leon, Erika], CancellationToken.None);

        Assert.Equal("en", people.Of(Erika, "de"));
        Assert.Equal("de", people.Of(Leon, "de"));
        Assert.Equal("en", people.Of(Leon, "en"));
        Assert.Equal("de", people.Of(Leon, "xx"));
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task ForPerson_OtherTenant_RecordedLanguage()
    {
        var languages = With("auto", new() { [Erika] = "en" });

        Assert.Equal("en", await languages.ForPersonAsync(Tenant, Erika, "de", CancellationToken.None));
        Assert.Equal("de", await languages.ForPersonAsync("another-tenant", Erika, "de", CancellationToken.None));
    }

    [Fact]
    public void EnglishPhrases_EachIsARegisteredCommand()
    {
        var routes = new TurnRoutes();
        foreach (var feature in Program.Features) feature.MapTurns(routes);

        var unknown = SuggestLanguage.EnglishPhrases.Where(p => routes.MatchCommand(p) is null).ToList();

        Assert.True(unknown.Count == 0, "the hint names English words the bot does not understand: " + string.Join(", ", unknown));
    }

    [Theory]
    [InlineData("help", true)]
    [InlineData("Help!", true)]
    [InlineData("my data", true)]
    [InlineData("idea better printers", true)]
    [InlineData("hilfe", false)]
    [InlineData("schulungen", false)]
    [InlineData("menu", false)]
    [InlineData("helpdesk", false)]
    [InlineData("language", false)]
    [InlineData("", false)]
    public void IsEnglishCommand_TypedText_OnlyEnglishCommandWords(string text, bool expected) =>
        Assert.Equal(expected, SuggestLanguage.IsEnglishCommand(text));

    [Fact]
    public void IsEnglishCommand_HugeText_ReadsOnlyTheHead() =>
        Assert.True(SuggestLanguage.IsEnglishCommand("help " + new string('x', 200_000)));

    [Theory]
    [InlineData("de", "de")]
    [InlineData("deutsch", "de")]
    [InlineData("german", "de")]
    [InlineData("en", "en")]
    [InlineData("englisch", "en")]
    [InlineData("english", "en")]
    [InlineData("fr", null)]
    [InlineData("klingonisch", null)]
    [InlineData("", null)]
    public void Parse_TypedOrClicked_TheLanguageOrNothing(string normalized, string? expected) =>
        Assert.Equal(expected, ChooseLanguage.Parse(normalized));
}
