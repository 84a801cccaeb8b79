using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Records;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Surveys.Answering;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Records;

/// <summary>
/// The issue's anonymity promise, played by an attacker. 50 colleagues answer a running wave with the chat's
/// "Absenden" (30 one after the other, 20 in groups of five at once), each with different answers; 10 more are invited and do not answer. To make it as
/// easy as possible for the attacker, they were invited, got the app and saved a draft in exactly the order in which
/// they later answer. Then the test dumps the database (every table, rows in physical order) and tries every way it
/// has of linking a person to an answer (see <see cref="LinkAttack"/>). No strategy may do better than chance. A
/// control runs the same analysis on a naive layout (answers written in answer order, a participation row each) and
/// links all 50, so the analysis can find a link when there is one.
/// </summary>
public abstract class AttackerTests<TBot>(TBot fixture, ITestOutputHelper output) where TBot : SurveysBot
{
    private const int Answering = 50;
    private const int Silent = 10;

    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static readonly Persona[] People = [.. Enumerable.Range(1800, Answering + Silent).Select(TrainingSeed.Colleague)];

    /// <summary>Each person's answers: random, and a text with a random token (how the test, not the attacker, knows whose answer is whose).</summary>
    private static Dictionary<long, string> Answers(SeededSurvey s, string token, Random r) => new()
    {
        [s.Department.Id] = r.Next(SurveySeed.Departments.Length).ToString(CultureInfo.InvariantCulture),
        [s.Days.Id] = r.Next(6).ToString(CultureInfo.InvariantCulture),
        [s.Tools.Id] = string.Join(",", Enumerable.Range(0, 4).Where(_ => r.Next(2) == 0).DefaultIfEmpty(0)),
        [s.Satisfaction.Id] = r.Next(1, 6).ToString(CultureInfo.InvariantCulture),
        [s.Hours.Id] = r.Next(41).ToString(CultureInfo.InvariantCulture),
        [s.Change.Id] = $"Mehr Schatten im Innenhof, Vorschlag {token}",
    };

    [Fact]
    public async Task Dump_AfterFiftyAnswers_NoStrategyLinksMoreThanChance()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Angreifer"));
        // Worst case for the design: invited, installed and drafting in the order in which they will answer.
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, People);
        await Bot.WithDbAsync(async db =>
        {
            var at = DateTime.UtcNow.AddHours(-1);
            foreach (var (p, i) in People.Select((p, i) => (p, i)))
            {
                db.Installations().Add(new Installation
                {
                    ConversationId = "a:attack-" + p.AadObjectId, ServiceUrl = Bot.Connector.ServiceUrl, TenantId = BotFixture.TenantId,
                    ConversationType = "personal", UserId = p.Id, UserAadObjectId = p.AadObjectId, Active = true,
                    InstalledAtUtc = at.AddSeconds(i), UpdatedAtUtc = at.AddSeconds(i),
                });
            }
            return await db.SaveChangesAsync();
        });
        var random = new Random();
        var tokens = People.ToDictionary(p => p.AadObjectId, _ => Guid.NewGuid().ToString("N")[..12]);
        var answers = People.ToDictionary(p => p.AadObjectId, p => Answers(s, tokens[p.AadObjectId], random));
        foreach (var p in People.Skip(Answering)) await SaveDraftAsync(wave, p, answers[p.AadObjectId]);
        var logsBefore = Bot.Logs.Lines.Count;

        // The known order: 30 one after the other, then 20 in groups of five at the same moment.
        var order = People.Take(Answering).ToList();
        foreach (var p in order.Take(30))
        {
            await SaveDraftAsync(wave, p, answers[p.AadObjectId]);
            Assert.True(await AbsendenAsync(s, p, wave, answers[p.AadObjectId]));
        }
        foreach (var group in order.Skip(30).Chunk(5))
        {
            foreach (var p in group) await SaveDraftAsync(wave, p, answers[p.AadObjectId]);
            Assert.All(await Task.WhenAll(group.Select(p => AbsendenAsync(s, p, wave, answers[p.AadObjectId]))), Assert.True);
        }
        var newLogs = Bot.Logs.Lines.Skip(logsBefore).ToList();

        var running = await Bot.WithDbAsync(db => DatabaseDump.ReadAsync(db, wave));
        var whileRunning = Attack(running, s, wave, order, tokens, "while running");
        // Every strategy, also PostgreSQL's write order (xmin, the rows' place in the file): each "Absenden" there rewrote
        // the filled slots together (ShuffleAnswers.MixAsync), so the last one wrote them all at once, in random order.
        AssertChance(whileRunning, whileRunning.Count);
        var postgres = Bot.Database.Provider == DatabaseProvider.Postgres;

        // The night: the running wave's slots are rewritten in random order (the empty ones kept for those still to answer).
        Assert.Equal(postgres ? Answering : 0, await Bot.WithDbAsync(db => ShuffleAnswers.RunAsync(db, wave, CancellationToken.None)));
        var nextMorning = await Bot.WithDbAsync(db => DatabaseDump.ReadAsync(db, wave));
        AssertChance(Attack(nextMorning, s, wave, order, tokens, "after the nightly rewrite"), whileRunning.Count);
        Assert.Equal(Answering + Silent, nextMorning.Single(t => t.Name == "survey_responses").Rows.Count);

        await SurveySeed.CloseAsync(Bot, wave);
        Assert.Equal(Answering, await Bot.WithDbAsync(db => ShuffleAnswers.RunAsync(db, wave, CancellationToken.None)));
        Assert.Equal(0, await Bot.WithDbAsync(db => ShuffleAnswers.RunAsync(db, wave, CancellationToken.None)));
        var closed = await Bot.WithDbAsync(db => DatabaseDump.ReadAsync(db, wave));
        var afterClose = Attack(closed, s, wave, order, tokens, "after the close");
        AssertChance(afterClose, afterClose.Count);
        // The rewrite kept every answer, under ids a copy from before cannot be joined to, and dropped the empty slots.
        var table = closed.ToDictionary(t => t.Name);
        Assert.Equal(Answering, table["survey_responses"].Rows.Count);
        Assert.Empty(running.Single(t => t.Name == "survey_responses").Rows.Select(r => DatabaseDump.Text(r["Id"]))
            .Intersect(table["survey_responses"].Rows.Select(r => DatabaseDump.Text(r["Id"]))));
        Assert.Equal(Answering * s.All.Count, table["survey_values"].Rows.Count);

        // Nothing about the answers or the people answering went to the log or the outbox.
        var outbox = string.Join("\n", running.Single(t => t.Name == "outbox_messages").Rows.SelectMany(r => r.Values).Select(DatabaseDump.Text));
        foreach (var p in order)
        {
            Assert.DoesNotContain(newLogs, l => l.Contains(tokens[p.AadObjectId], StringComparison.Ordinal) || l.Contains(p.AadObjectId, StringComparison.Ordinal)
                || l.Contains(p.Id, StringComparison.Ordinal));
            Assert.DoesNotContain(tokens[p.AadObjectId], outbox, StringComparison.Ordinal);
            Assert.DoesNotContain("a:attack-" + p.AadObjectId, outbox, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(newLogs, l => l.Contains("Schatten im Innenhof", StringComparison.Ordinal));
        // No drafts of those who answered; the silent ones' drafts are theirs and stay until the close.
        Assert.Equal(Silent, running.Single(t => t.Name == "survey_drafts").Rows.Count(r => Convert.ToInt64(r["WaveId"], CultureInfo.InvariantCulture) == wave));
    }

    /// <summary>Every strategy of <see cref="LinkAttack"/> on this dump of the wave; the truth comes from the tokens in the texts.</summary>
    private List<LinkAttack.Strategy> Attack(IReadOnlyList<DumpedTable> dump, SeededSurvey s, long wave, IReadOnlyList<Persona> order,
        IReadOnlyDictionary<string, string> tokens, string when)
    {
        var table = dump.ToDictionary(t => t.Name);
        // What the attacker reads off the dump: who answered (invited, no longer pending), and which slots are filled.
        var invited = table["survey_invitees"].Rows.Where(r => Convert.ToInt64(r["WaveId"], CultureInfo.InvariantCulture) == wave)
            .Select(r => DatabaseDump.Text(r["UserAadObjectId"])).ToHashSet();
        var pending = table["survey_pending"].Rows.Where(r => Convert.ToInt64(r["WaveId"], CultureInfo.InvariantCulture) == wave)
            .Select(r => DatabaseDump.Text(r["UserAadObjectId"])).ToHashSet();
        var answered = invited.Except(pending).ToHashSet();
        Assert.Equal(order.Select(p => p.AadObjectId).ToHashSet(), answered);
        var filled = table["survey_responses"].Rows.Where(r => Filled(r["Filled"])).ToList();
        Assert.Equal(Answering, filled.Count);

        // The truth (the test's knowledge, not the attacker's): whose answer is in which slot, by the token in its text.
        var truth = table["survey_values"].Rows
            .Where(r => Convert.ToInt64(r["QuestionId"], CultureInfo.InvariantCulture) == s.Change.Id && r["Text"] is not null)
            .ToDictionary(r => DatabaseDump.Text(r["ResponseId"]),
                r => tokens.Single(k => DatabaseDump.Text(r["Text"]).EndsWith(k.Value, StringComparison.Ordinal)).Key);
        Assert.Equal(Answering, truth.Count);

        var ids = LinkAttack.Identifiers(dump, People.Select(p => (p.AadObjectId, p.AadObjectId, p.Id)));
        var peopleOrders = LinkAttack.PeopleOrders(dump.Where(t => t.Name is not ("survey_responses" or "survey_values")), ids, answered).ToList();
        // Someone who saw the chats (message times in Teams) knows the order of answering: the strongest knowledge there is.
        peopleOrders.Add(new LinkAttack.Order("order of answering", [.. order.Select(p => p.AadObjectId)]));
        // The test tried what it promises: person orders from the invitees, the installations and the answering order.
        Assert.Contains(peopleOrders, o => o.Name.StartsWith("survey_invitees", StringComparison.Ordinal));
        Assert.Contains(peopleOrders, o => o.Name.StartsWith("installations", StringComparison.Ordinal));
        var answerOrders = LinkAttack.AnswerOrders("survey_responses", filled, "Id").ToList();
        foreach (var q in s.All)
        {
            var rows = table["survey_values"].Rows.Where(r => Convert.ToInt64(r["QuestionId"], CultureInfo.InvariantCulture) == q.Id
                && truth.ContainsKey(DatabaseDump.Text(r["ResponseId"])));
            answerOrders.AddRange(LinkAttack.AnswerOrders($"survey_values q{q.Position}", rows, "ResponseId"));
        }

        var strategies = LinkAttack.Try(peopleOrders, answerOrders, truth).ToList();
        var best = strategies.MaxBy(x => x.Correct)!;
        output.WriteLine($"{when}: {strategies.Count} strategies ({peopleOrders.Count} orders of people x {answerOrders.Count} orders of answers x 2 directions); "
            + $"chance bound {LinkAttack.ChanceBound(Answering, strategies.Count)} of {Answering}; best {best.Correct} ({best.People} ~ {best.Answers}"
            + $"{(best.Reversed ? ", reversed" : "")}); mean {strategies.Average(x => x.Correct):0.00}");
        foreach (var x in strategies.Where(x => x.Correct > 5).DistinctBy(x => (x.People.Split(' ')[0], x.Answers)).Take(12))
            output.WriteLine($"  {x.Correct}: {x.People} ~ {x.Answers}{(x.Reversed ? " (reversed)" : "")}");
        return strategies;
    }

    /// <summary>No strategy beats chance (the bound counts every strategy tried, also those not asserted).</summary>
    private static void AssertChance(IReadOnlyList<LinkAttack.Strategy> strategies, int tried)
    {
        var bound = LinkAttack.ChanceBound(Answering, tried);
        Assert.NotEmpty(strategies);
        Assert.All(strategies, x => Assert.True(x.Correct <= bound, $"{x.People} ~ {x.Answers}: {x.Correct} of {Answering} linked (chance: at most {bound})"));
    }

    [Fact]
    public async Task Dump_NaiveLayoutAnswersInAnswerOrder_ControlLinksAll()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string participation = "naive_participation_" + suffix, answersTable = "naive_answers_" + suffix;
        var tokens = People.Take(Answering).ToDictionary(p => p.AadObjectId, _ => Guid.NewGuid().ToString("N")[..12]);
        var dump = await Bot.WithDbAsync(async db =>
        {
            var postgres = db.Database.IsNpgsql();
            var id = postgres ? "\"Id\" bigserial PRIMARY KEY" : "\"Id\" INTEGER PRIMARY KEY AUTOINCREMENT";
            // Table names made by the test itself (a random suffix), not input: plain SQL is fine here.
            string Sql(string text) => text.Replace("$P", participation, StringComparison.Ordinal).Replace("$A", answersTable, StringComparison.Ordinal);
            await db.Database.ExecuteSqlRawAsync(Sql("CREATE TABLE $P (\"UserAadObjectId\" text NOT NULL, \"AnsweredAtUtc\" text NOT NULL)"));
            await db.Database.ExecuteSqlRawAsync(Sql("CREATE TABLE $A (" + id + ", \"Text\" text NOT NULL)"));
            try
            {
                // The naive design: one participation row and one answer row per person, written as they answer.
                foreach (var (p, i) in People.Take(Answering).Select((p, i) => (p, i)))
                {
                    var at = DateTime.UtcNow.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture);
                    await db.Database.ExecuteSqlRawAsync(Sql("INSERT INTO $P VALUES ({0}, {1})"), p.AadObjectId, at);
                    await db.Database.ExecuteSqlRawAsync(Sql("INSERT INTO $A (\"Text\") VALUES ({0})"), "Vorschlag " + tokens[p.AadObjectId]);
                }
                return await DatabaseDump.ReadAsync(db, 0, n => n == participation || n == answersTable);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync(Sql("DROP TABLE $P"));
                await db.Database.ExecuteSqlRawAsync(Sql("DROP TABLE $A"));
            }
        });
        var rows = dump.Single(t => t.Name == answersTable).Rows;
        var truth = rows.ToDictionary(r => DatabaseDump.Text(r["Id"]), r => tokens.Single(k => DatabaseDump.Text(r["Text"]).EndsWith(k.Value, StringComparison.Ordinal)).Key);
        var ids = LinkAttack.Identifiers(dump, People.Take(Answering).Select(p => (p.AadObjectId, p.AadObjectId, p.Id)));

        var strategies = LinkAttack.Try(LinkAttack.PeopleOrders(dump.Where(t => t.Name == participation), ids, tokens.Keys.ToHashSet()),
            [.. LinkAttack.AnswerOrders(answersTable, rows, "Id")], truth);

        Assert.Equal(Answering, strategies.Max(x => x.Correct));
        Assert.True(strategies.Max(x => x.Correct) > LinkAttack.ChanceBound(Answering, strategies.Count));
    }

    /// <summary>"Absenden" in the chat: surveys.submit over HTTP as Teams sends it, the last page's inputs on top of the draft.</summary>
    private async Task<bool> AbsendenAsync(SeededSurvey s, Persona p, long waveId, Dictionary<long, string> raw)
    {
        var card = await TrainingSeed.ClickAsync(Bot, p, "surveys.submit",
            AnswerFlow.Submit(waveId, 1, (s.Satisfaction, raw[s.Satisfaction.Id]), (s.Hours, raw[s.Hours.Id]), (s.Change, raw[s.Change.Id])));
        return Infrastructure.Cards.Words(card).Contains(Word.De("surveysAnswer.done.stored"), StringComparison.Ordinal);
    }

    /// <summary>As the answering cards do on "Weiter": the person's answers so far, with the time.</summary>
    private Task<int> SaveDraftAsync(long waveId, Persona p, IReadOnlyDictionary<long, string> raw) =>
        Bot.WithDbAsync(db =>
        {
            db.SurveyDrafts().Add(new SurveyDraft { WaveId = waveId, UserAadObjectId = p.AadObjectId, Answers = SurveyAnswers.WriteDraft(raw), Page = 1, UpdatedAtUtc = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });

    private static bool Filled(object? value) => value is true || (value is long l && l == 1) || DatabaseDump.Text(value) is "1" or "True";
}

[Collection(SurveysCollections.Sqlite)]
public sealed class AttackerTests_Sqlite(SqliteSurveysBot bot, ITestOutputHelper output) : AttackerTests<SqliteSurveysBot>(bot, output);

[Collection(SurveysCollections.Postgres)]
public sealed class AttackerTests_Postgres(PostgresSurveysBot bot, ITestOutputHelper output) : AttackerTests<PostgresSurveysBot>(bot, output);
