using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Jobs;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Settings;

/// <summary>
/// "sprache" over HTTP on SQLite and PostgreSQL: Erika from the Ordnungsamt, whose Teams is German, chooses English;
/// the same command is then answered in English, and so are the reminder and the waitlist offer the jobs send her
/// later, while Leon (no choice) still gets German. She chooses back, erases her data (the choice goes with it), and a
/// choice we have no words for changes nothing. Someone typing "help" with a German client gets German plus a hint.
/// </summary>
public abstract class LanguageTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    /// <summary>Fresh people per test: the tests of a class share the fixture's database.</summary>
    private static Persona NewPersona(string name) =>
        new($"29:{name}-{Guid.NewGuid():N}", Guid.NewGuid().ToString(), name);

    /// <summary>Types a text in the person's chat; returns the bot's answers to it (all of them, once sent).</summary>
    private async Task<List<JsonObject>> SayAsync(Persona p, string text, string locale = "de-DE")
    {
        var before = Bot.Connector.CallsFor(Chat(p)).Count;
        using var response = await Bot.PostAsync(Message(Bot, p, text, conversationId: Chat(p), locale: locale));
        Assert.Equal(200, (int)response.StatusCode);
        await Bot.Connector.WaitForCallsAsync(Chat(p), before + 1);
        // A turn's answers go out one after the other; wait until the rest of them (the hint) is out too.
        var replies = Bot.App.Services.GetRequiredService<ReplySender>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (replies.Pending > 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        return [.. Bot.Connector.CallsFor(Chat(p)).Skip(before).Select(c => CardIn(c) ?? throw new Xunit.Sdk.XunitException("no card: " + c.Body))];
    }

    private async Task<JsonObject> ChooseAsync(Persona p, JsonNode? language, string locale = "de-DE")
    {
        var body = await Bot.InvokeAsync(Execute(Bot, p, ChooseLanguage.Verb, new JsonObject { ["language"] = language }, Chat(p), locale));
        return Card(body) ?? throw new Xunit.Sdk.XunitException("no card in the answer: " + body.ToJsonString());
    }

    private Task<PersonSettings?> StoredAsync(Persona p) =>
        Bot.WithDbAsync(db => db.PersonSettings().AsNoTracking().SingleOrDefaultAsync(s => s.UserAadObjectId == p.AadObjectId));

    private static bool IsMenu(JsonObject card, string lang) =>
        Verbs(card).Contains("trainings.list") && Words(card).Contains(lang == "en" ? Word.En("menu.trainings.title") : Word.De("menu.trainings.title"), StringComparison.Ordinal);

    [Fact]
    public async Task Language_ErikaChoosesEnglish_HilfeAnsweredInEnglishThoughHerClientIsGerman()
    {
        var erika = NewPersona("erika");
        Assert.True(IsMenu(Assert.Single(await SayAsync(erika, "hilfe")), "de"));

        var card = await ChooseAsync(erika, "en");

        var words = Words(card);
        Assert.Contains(Word.En("settings.language.changed", Word.En("settings.language.names.en")), words, StringComparison.Ordinal);
        Assert.Contains(Word.En("settings.language.current.chosen", Word.En("settings.language.names.en")), words, StringComparison.Ordinal);
        Assert.Equal("en", (await StoredAsync(erika))?.Language);
        var menu = Assert.Single(await SayAsync(erika, "hilfe"));
        Assert.True(IsMenu(menu, "en"), Words(menu));
        Assert.DoesNotContain(Word.De("menu.trainings.title"), Words(menu), StringComparison.Ordinal);
        // The language card itself says so when she asks again, also typed in German.
        var again = Assert.Single(await SayAsync(erika, "sprache"));
        Assert.Contains(Word.En("settings.language.current.chosen", Word.En("settings.language.names.en")), Words(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_ErikaChoosesBackTyped_GermanAgainAlsoWithAnEnglishClient()
    {
        var erika = NewPersona("erika");
        await ChooseAsync(erika, "en");

        var card = Assert.Single(await SayAsync(erika, "sprache deutsch", locale: "en-US"));

        Assert.Contains(Word.De("settings.language.changed", Word.De("settings.language.names.de")), Words(card), StringComparison.Ordinal);
        Assert.Equal("de", (await StoredAsync(erika))?.Language);
        Assert.True(IsMenu(Assert.Single(await SayAsync(erika, "help", locale: "en-US")), "de"));
    }

    [Fact]
    public async Task Reminder_ErikaChoseEnglishLeonDidNot_EachInTheirLanguage()
    {
        Persona erika = NewPersona("erika"), leon = NewPersona("leon");
        var session = await SessionAsync(Bot, capacity: 5, startsIn: TimeSpan.FromHours(23), tool: "Miro-" + Guid.NewGuid().ToString("N")[..6]);
        // Both signed up with a German client, before Erika chose English.
        foreach (var p in new[] { erika, leon }) await ClickAsync(Bot, p, "trainings.signUp", Session(session));
        await AgeBookingsAsync(session);
        await ChooseAsync(erika, "en");

        await RunAsync<SendReminders>();

        var reminders = await MessagesAsync("trainings.reminder:", session);
        Assert.Contains(Word.En("trainingsNotices.reminder.title"), Words(reminders[erika.AadObjectId]), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainingsNotices.reminder.title"), Words(reminders[leon.AadObjectId]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offer_ExpiredOfferPassesToErikaWhoChoseEnglish_OfferInEnglish()
    {
        Persona tom = NewPersona("tom"), erika = NewPersona("erika");
        var session = await SessionAsync(Bot, capacity: 1, tool: "Trello-" + Guid.NewGuid().ToString("N")[..6]);
        await ClickAsync(Bot, tom, "trainings.signUp", Session(session));
        await ClickAsync(Bot, erika, "trainings.signUp", Session(session));
        // Tom's seat was offered to him and the offer ran out (the way ExpireOffers finds it).
        await Bot.WithDbAsync(db => db.TrainingRegistrations().Where(r => r.SessionId == session && r.UserAadObjectId == tom.AadObjectId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Offered).SetProperty(r => r.OfferExpiresAtUtc, DateTime.UtcNow.AddMinutes(-1))));
        await ChooseAsync(erika, "en");

        await RunAsync<ExpireOffers>();

        var offers = await MessagesAsync("trainings.offer:", session);
        Assert.Contains(Word.En("trainings.offer.title"), Words(offers[erika.AadObjectId]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EraseMyData_ErikaChoseEnglish_ChoiceShownExportedErasedAndHerClientDecidesAgain()
    {
        var erika = NewPersona("erika");
        await ChooseAsync(erika, "en");

        var mine = await ClickAsync(Bot, erika, "privacy.myData");
        Assert.Contains(Word.En("privacy.data.languageChoice.what"), Words(mine), StringComparison.Ordinal);
        var link = Assert.Single(LinksIn(mine), l => l.EndsWith(".json", StringComparison.Ordinal));
        var export = JsonNode.Parse(await Bot.Http.GetStringAsync(link))!;
        var kind = export["kinds"]!.AsArray().Single(k => k!["kind"]!.GetValue<string>() == SettingsPersonalData.Kind)!;
        Assert.Equal("en", kind["records"]![0]!["language"]!.GetValue<string>());

        var erased = await ClickAsync(Bot, erika, "privacy.eraseConfirmed");

        Assert.Contains(Word.En("privacy.data.languageChoice.what"), Words(erased), StringComparison.Ordinal);
        Assert.Null(await StoredAsync(erika));
        Assert.True(IsMenu(Assert.Single(await SayAsync(erika, "hilfe")), "de"));
    }

    [Theory]
    [InlineData("\"fr\"")]
    [InlineData("\"\"")]
    [InlineData("7")]
    [InlineData("[\"en\"]")]
    public async Task ChooseLanguage_ValueWithoutWords_SaysSoAndChangesNothing(string value)
    {
        var erika = NewPersona("erika");
        await ChooseAsync(erika, "en");
        var before = await StoredAsync(erika);

        var card = await ChooseAsync(erika, JsonNode.Parse(value));

        Assert.Contains(Word.En("settings.language.unknown"), Words(card), StringComparison.Ordinal);
        Assert.Contains(ChooseLanguage.Verb, Verbs(card));
        var after = await StoredAsync(erika);
        Assert.Equal((before!.Language, before.UpdatedAtUtc), (after!.Language, after.UpdatedAtUtc));
    }

    [Fact]
    public async Task ChooseLanguage_TypedUnknownLanguage_SaysSoAndStoresNothing()
    {
        var leon = NewPersona("leon");

        var card = Assert.Single(await SayAsync(leon, "sprache klingonisch"));

        Assert.Contains(Word.De("settings.language.unknown"), Words(card), StringComparison.Ordinal);
        Assert.Null(await StoredAsync(leon));
    }

    [Fact]
    public async Task ChooseLanguage_SameClickTenTimesAtOnce_OneRowNoError()
    {
        var erika = NewPersona("erika");

        var cards = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => ChooseAsync(erika, i % 2 == 0 ? "en" : "de")));

        Assert.All(cards, c => Assert.Contains(ChooseLanguage.Verb, Verbs(c)));
        Assert.DoesNotContain(cards, c => Words(c).Contains(Word.De("error.title"), StringComparison.Ordinal));
        Assert.Equal(1, await Bot.WithDbAsync(db => db.PersonSettings().CountAsync(s => s.UserAadObjectId == erika.AadObjectId)));
    }

    [Fact]
    public async Task TypedEnglishCommand_GermanClientNoChoice_GermanAnswerThenEnglishHintUntilSheChooses()
    {
        var erika = NewPersona("erika");

        var answers = await SayAsync(erika, "help");

        Assert.Equal(2, answers.Count);
        Assert.True(IsMenu(answers[0], "de"), Words(answers[0]));
        var hint = Words(answers[1]);
        Assert.Contains(Word.En("settings.language.typedEnglish"), hint, StringComparison.Ordinal);
        Assert.Contains(Word.En("settings.language.current.client", Word.En("settings.language.names.de")), hint, StringComparison.Ordinal);
        Assert.Equal([ChooseLanguage.Verb, ChooseLanguage.Verb, "menu.show"], Verbs(answers[1]));
        // She keeps German: no more hints.
        await ChooseAsync(erika, "de");
        Assert.True(IsMenu(Assert.Single(await SayAsync(erika, "help")), "de"));
    }

    private async Task RunAsync<TJob>() where TJob : ILabJob
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TJob>()
            .RunAsync(JobPeriod.Containing(DateTimeOffset.UtcNow, JobPeriodKind.Minute), CancellationToken.None);
    }

    /// <summary>Booked days ago, so the reminder rule sees a booking made before the reminder time.</summary>
    private Task<int> AgeBookingsAsync(long session) =>
        Bot.WithDbAsync(db => db.TrainingRegistrations().Where(r => r.SessionId == session)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.BookedAtUtc, DateTime.UtcNow.AddDays(-3)).SetProperty(r => r.CreatedAtUtc, DateTime.UtcNow.AddDays(-3))));

    /// <summary>The cards queued for the people of a session under a dedupe-key prefix, by object id.</summary>
    private async Task<Dictionary<string, JsonObject>> MessagesAsync(string prefix, long session)
    {
        var ids = await Bot.WithDbAsync(db => db.TrainingRegistrations().Where(r => r.SessionId == session).Select(r => r.Id).ToListAsync());
        var messages = await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(prefix)).ToListAsync());
        return messages.Where(m => ids.Any(id => m.DedupeKey.StartsWith($"{prefix}{id}:", StringComparison.Ordinal)))
            .ToDictionary(m => m.UserAadObjectId!, m => JsonNode.Parse(m.ActivityJson)!["attachments"]![0]!["content"]!.AsObject());
    }

    private static List<string> LinksIn(JsonObject card) =>
        [.. Walk(card).Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl").Select(o => new Uri(o["url"]!.GetValue<string>()).PathAndQuery)];

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };
}

/// <summary>The app with the training jobs left to the tests (not run by the scheduler).</summary>
public abstract class LanguageBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Jobs:{SendReminders.Name}:Enabled"] = "false",
        [$"Jobs:{ExpireOffers.Name}:Enabled"] = "false",
        ["Outbox:Enabled"] = "false",
    };
}

public sealed class LanguageSqliteBot : LanguageBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class LanguagePostgresBot : LanguageBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class LanguageTests_Sqlite(LanguageSqliteBot bot) : LanguageTests<LanguageSqliteBot>(bot), IClassFixture<LanguageSqliteBot>;

public sealed class LanguageTests_Postgres(LanguagePostgresBot bot) : LanguageTests<LanguagePostgresBot>(bot), IClassFixture<LanguagePostgresBot>;
