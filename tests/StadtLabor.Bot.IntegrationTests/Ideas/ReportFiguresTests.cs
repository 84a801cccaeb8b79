using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Jobs;
using StadtLabor.Bot.Features.Ideas.Report;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// The innovation department's figures over HTTP on SQLite and PostgreSQL: only Ines (Innovation) gets them, in her
/// 1:1 chat; departments only through the small-group rule (four ideas withheld, and a larger department with them
/// where the difference would tell); the median time to the first answer and the share within the deadline.
/// </summary>
public abstract class ReportFiguresTests<TBot>(TBot fixture) where TBot : IdeasReportBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static Dictionary<string, string> Facts(JsonObject card) =>
        Walk(card).Where(o => o["title"] is JsonValue && o["value"] is JsonValue && o["type"] is null)
            .GroupBy(o => o["title"]!.ToString()).ToDictionary(g => g.Key, g => g.Last()["value"]!.ToString());

    internal static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    private Task<long> IdeaAsync(string department = "", Action<Idea>? adjust = null, bool anonymous = false) =>
        IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Formulare online ausfüllen"), Erika, department: department, anonymous: anonymous, adjust: adjust);

    [Fact]
    public async Task Figures_DepartmentWithFourIdeas_WithheldAndComplementaryOneToo()
    {
        await Bot.ClearAsync();
        foreach (var (department, count) in new[] { ("Bürgerbüro", 4), ("Ordnungsamt", 6), ("", 7), ("Bauamt", 9) })
            for (var i = 0; i < count; i++) await IdeaAsync(department);

        var facts = Facts(await TrainingSeed.ClickAsync(Bot, Innovation, ShowFigures.Verb));

        Assert.Equal(Word.De("smallGroups.fewerThan", 5), facts["Bürgerbüro"]);
        // 26 − 7 − 9 − 6 would be the Bürgerbüro's four: Ordnungsamt is hidden as well.
        Assert.Equal(Word.De("smallGroups.withheld"), facts["Ordnungsamt"]);
        Assert.Equal("7", facts[Word.De("ideas.department.all")]);
        Assert.Equal("9", facts["Bauamt"]);
        Assert.Equal(Word.De("smallGroups.fewerThan", 5), facts["Kultur"]);
        Assert.Equal("26", facts[Word.De("ideas.status.submitted")]);
    }

    [Fact]
    public async Task Figures_AnsweredAndOverdueIdeas_MedianShareAndOverdueCount()
    {
        await Bot.ClearAsync();
        // Submitted Fri 13 Nov 2026, 10:00 in Berlin, due Fri 20 Nov; answered after 1, 3 and 6 working days.
        var submitted = new DateTime(2026, 11, 13, 9, 0, 0, DateTimeKind.Utc);
        void At(Idea i, DateTime? answered, IdeaStatus status = IdeaStatus.InReview)
        {
            i.SubmittedAtUtc = submitted;
            i.FirstResponseDueOn = IdeaDeadline.DueOn(submitted, 5);
            i.FirstPublicAnswerAtUtc = answered;
            i.Status = status;
        }
        await IdeaAsync(adjust: i => At(i, new DateTime(2026, 11, 16, 9, 0, 0, DateTimeKind.Utc)));
        await IdeaAsync(adjust: i => At(i, new DateTime(2026, 11, 18, 15, 0, 0, DateTimeKind.Utc)));
        await IdeaAsync(adjust: i => At(i, new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc)));
        await IdeaAsync(adjust: i => At(i, null, IdeaStatus.Submitted));
        await IdeaAsync(adjust: i => At(i, null, IdeaStatus.Rejected));
        await IdeaAsync(); // submitted now: not due yet, in no share

        var facts = Facts(await TrainingSeed.ClickAsync(Bot, Innovation, ShowFigures.Verb));

        Assert.Equal(Word.De("ideasReport.medianValue", Word.De("ideasReport.workingDays.other", "3"), "5 Tage 6 Stunden"), facts[Word.De("ideasReport.median")]);
        Assert.Equal(Word.De("ideasReport.withinValue", "40", "2", "5"), facts[Word.De("ideasReport.within")]);
        Assert.Equal("1", facts[Word.De("ideasReport.overdue")]);
    }

    [Fact]
    public async Task Figures_IdeasThisMonth_CountedInTheLastOfTwelveMonths()
    {
        await Bot.ClearAsync();
        await IdeaAsync();
        await IdeaAsync();

        var card = await TrainingSeed.ClickAsync(Bot, Innovation, ShowFigures.Verb);

        var month = DateTime.UtcNow is var now ? TrainingTime.ToBerlin(now).ToString("MMMM yyyy", Bot.German) : "";
        Assert.Equal("2", Facts(card)[month]);
        Assert.Contains(Word.De("ideasReport.total", 2), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_ErikaAndJonas_Denied_InesAllowed()
    {
        var erika = await TrainingSeed.ClickAsync(Bot, Erika, ShowFigures.Verb);
        var jonas = await TrainingSeed.ClickAsync(Bot, Lotse, ShowFigures.Verb);
        var ines = await TrainingSeed.ClickAsync(Bot, Innovation, ShowFigures.Verb);

        Assert.Contains(Word.De("denied.title"), Words(erika), StringComparison.Ordinal);
        Assert.Contains(Word.De("denied.title"), Words(jonas), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("ideasReport.title"), Words(jonas), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasReport.title"), Words(ines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_TypedByInes_CardInHerChat()
    {
        var chat = TrainingSeed.Chat(Innovation);
        // Escalation tests on the same app write to Ines's chat too, also while this runs: wait for the reply itself.
        var typed = Message(Bot, Innovation, "ideen auswertung", conversationId: chat);
        using var response = await Bot.PostAsync(typed);

        var reply = await Bot.Connector.WaitForReplyToAsync(chat, typed["id"]!.GetValue<string>());

        Assert.Contains(Word.De("ideasReport.title"), Words(CardIn(reply)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_ClickedInAGroupChat_NoFiguresNoLinks()
    {
        var inGroup = Execute(Bot, Innovation, ShowFigures.Verb, conversationId: "19:group-" + Guid.NewGuid().ToString("N"));
        inGroup["conversation"]!["conversationType"] = "groupChat";
        inGroup["conversation"]!["isGroup"] = true;

        var card = TrainingSeed.Card(await Bot.InvokeAsync(inGroup))!;

        Assert.Contains(Word.De("ideasReport.personalOnly"), Words(card), StringComparison.Ordinal);
        Assert.DoesNotContain(Walk(card), o => o["type"]?.ToString() == "Action.OpenUrl");
    }
}

/// <summary>
/// The ideas app for the figures, the export and the escalation: the ideas test app's people and channel, but a
/// database of its own, because figures count every idea in it (the shared one holds the other tests' ideas) and the
/// escalation job looks at every idea. The tests of its collection run one after another; each starts from no ideas.
/// The escalation job is left to the tests (never run by the scheduler).
/// </summary>
public abstract class IdeasReportBot : BotFixture
{
    public System.Globalization.CultureInfo German { get; } = System.Globalization.CultureInfo.GetCultureInfo("de-DE");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:Lotse:0"] = Lotse.AadObjectId,
        ["Roles:Lotse:1"] = Lotsin.AadObjectId,
        ["Roles:Innovation:0"] = Innovation.AadObjectId,
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
        ["Ideas:LotsenConversationId"] = IdeaSeed.LotsenChannel,
        [$"Jobs:{EscalateIdeas.Name}:Enabled"] = "false",
    };

    /// <summary>No ideas and no escalation messages left from the test before (ids may be used again on SQLite).</summary>
    public Task ClearAsync() => WithDbAsync(async db =>
    {
        await db.Ideas().ExecuteDeleteAsync();
        return await db.OutboxMessages().Where(m => m.DedupeKey.StartsWith("ideas.")).ExecuteDeleteAsync();
    });
}

public sealed class SqliteIdeasReportBot : IdeasReportBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresIdeasReportBot : IdeasReportBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(Sqlite)]
public sealed class SqliteIdeasReportGroup : ICollectionFixture<SqliteIdeasReportBot>
{
    public const string Sqlite = "ideas-report-sqlite";
}

[CollectionDefinition(Postgres)]
public sealed class PostgresIdeasReportGroup : ICollectionFixture<PostgresIdeasReportBot>
{
    public const string Postgres = "ideas-report-postgres";
}

[Collection(SqliteIdeasReportGroup.Sqlite)]
public sealed class ReportFiguresTests_Sqlite(SqliteIdeasReportBot bot) : ReportFiguresTests<SqliteIdeasReportBot>(bot);

[Collection(PostgresIdeasReportGroup.Postgres)]
public sealed class ReportFiguresTests_Postgres(PostgresIdeasReportBot bot) : ReportFiguresTests<PostgresIdeasReportBot>(bot);
