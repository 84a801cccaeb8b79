using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Feedback;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Surveys.Records;
using StadtLabor.Bot.Tests.Privacy;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// The feedback results as the lab team (or someone editing the card payload) sees them, on SQLite and PostgreSQL:
/// no card and no pair of cards gives a figure about fewer than 5 people or comments of fewer than 10. And the stored
/// answers cannot be paired with the registrations of those who gave them.
/// </summary>
public abstract partial class FeedbackPrivacyTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static int _next = 9700;

    private static Persona NewColleague() => Colleague(Interlocked.Increment(ref _next));

    private Task<JsonObject> ResultsAsync(JsonObject data) => ClickAsync(Bot, LabTeam, "trainings.feedbackResults", data);

    /// <summary>A tool of its own with ended sessions holding these answers (rating, comment), written straight into the database.</summary>
    private async Task<(long ToolId, string Tool, List<(long Id, string Title)> Sessions)> SeedAsync(IReadOnlyList<IReadOnlyList<(int Rating, string Comment)>> sessions)
    {
        var tool = "Feedback-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<(long, string)>();
        for (var i = 0; i < sessions.Count; i++)
        {
            var title = $"Termin {i} {tool}";
            var id = await SessionAsync(Bot, capacity: 20, startsIn: TimeSpan.FromDays(-10 + i), tool: tool, title: title);
            ids.Add((id, title));
            var answers = sessions[i];
            await Bot.WithDbAsync(async db =>
            {
                foreach (var (rating, comment) in answers)
                    db.TrainingFeedback().Add(new TrainingFeedback { SessionId = id, Rating = rating, Comment = comment, SubmittedOn = new DateOnly(2026, 11, 20) });
                return await db.SaveChangesAsync();
            });
        }
        return (await ToolAsync(Bot, tool), tool, ids);
    }

    private static IReadOnlyList<(int, string)> Answers(params int[] ratings) => [.. ratings.Select(r => (r, ""))];

    /// <summary>The facts (title, value) of every FactSet on a card.</summary>
    private static List<(string Title, string Value)> Facts(JsonObject card) =>
        [.. Nodes(card).Where(o => o["type"] is JsonValue v && v.TryGetValue<string>(out var type) && type == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray()).Select(f => (f!["title"]!.GetValue<string>(), f["value"]!.GetValue<string>()))];

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Nodes(p.Value))],
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };

    [Fact]
    public async Task FeedbackResults_ToolMinusSession_SmallSessionNotRecoverable()
    {
        // Session A: 6 answers, session B: 3. Before, the tool card said 9 answers: 9 minus A's 6 gave B away.
        var (toolId, _, sessions) = await SeedAsync([Answers(5, 5, 4, 4, 4, 3), Answers(1, 1, 2)]);

        var a = await ResultsAsync(Session(sessions[0].Id));
        var b = await ResultsAsync(Session(sessions[1].Id));
        var tool = await ResultsAsync(new JsonObject { ["toolId"] = toolId });

        Assert.Equal("6", Facts(a).Single(f => f.Title == "Antworten").Value);
        Assert.Contains(Word.De("trainingsNotices.results.tooFew", 5), Words(b), StringComparison.Ordinal);
        Assert.Empty(Facts(b));
        // No count of B anywhere: a standalone 3 (digits inside the session's date and time do not count).
        Assert.DoesNotMatch(@"(?<![\w:.,–])3(?![\w:.,–])", Words(b).Replace(sessions[1].Title, "", StringComparison.Ordinal));
        // The tool counts only A: tool minus A is nobody, and its mean is A's.
        Assert.Equal("6", Facts(tool).Single(f => f.Title == "Antworten").Value);
        Assert.Equal("4,2", Facts(tool).Single(f => f.Title == Word.De("trainingsNotices.results.average")).Value);
        Assert.Contains(Facts(tool), f => f.Value == "weniger als 5");
        // No "n of k" anywhere: the distribution of A says "weniger als 5" for every rating below 5 people.
        Assert.All(Facts(a).Where(f => f.Title.Contains('–', StringComparison.Ordinal) && f.Title != Word.De("trainingsNotices.results.average")),
            f => Assert.Equal("weniger als 5", f.Value));
    }

    [Fact]
    public async Task FeedbackResults_Comments_OnlyFromTenAndNeverOfASmallSession()
    {
        static (int, string) C(string text) => (4, text);
        var big = Enumerable.Range(1, 10).Select(i => C($"Großer Termin {i:D2}")).Concat(Answers(5, 5)).ToList();
        var small = new List<(int, string)> { C("Kleiner Termin 1"), C("Kleiner Termin 2"), C("Kleiner Termin 3"), (5, ""), (5, ""), (3, "") };
        var (toolId, _, sessions) = await SeedAsync([big, small]);

        var bigCard = Words(await ResultsAsync(Session(sessions[0].Id)));
        var smallCard = Words(await ResultsAsync(Session(sessions[1].Id)));
        var toolCard = Words(await ResultsAsync(new JsonObject { ["toolId"] = toolId }));

        Assert.Contains(Word.De("trainingsNotices.results.commentsTooFew", 10), smallCard, StringComparison.Ordinal);
        Assert.DoesNotContain("Kleiner Termin", smallCard, StringComparison.Ordinal);
        // 13 pooled comments minus the big session's 10 would be the small session's 3: the big list is hidden.
        Assert.Contains("Die Kommentare sind hier ausgeblendet", bigCard, StringComparison.Ordinal);
        Assert.DoesNotContain("Großer Termin 01", bigCard, StringComparison.Ordinal);
        Assert.Contains("Großer Termin 01", toolCard, StringComparison.Ordinal);
        Assert.Contains("Kleiner Termin 1", toolCard, StringComparison.Ordinal);
    }

    // ---------- unlinkability ----------

    /// <summary>
    /// Twenty colleagues were present and answer one after another, in an order unrelated to when they signed up,
    /// while the clock runs. Then someone takes a dump of both tables (every column, the storage order, and the
    /// database's own row columns: rowid on SQLite, xmin and ctid on PostgreSQL) and pairs registrations with answers
    /// by ordering both sides by every column in both directions. A random pairing gets 1 of 20 right on average; the
    /// bound is the surveys' family-wise chance bound over every pair of orderings tried (a fixed 7 failed once in a
    /// CI run with 555 pairs tried, where the bound is 9: chance, not a leak; 40 runs in a row gave at most 5). The old schema (time on
    /// the registration, running ids) let the same attacker pair all 20.
    /// </summary>
    [Fact]
    public async Task StoredFeedback_DumpAfterTwentyAnswers_AttackerPairsNoBetterThanChance()
    {
        var id = await SessionAsync(Bot, capacity: 30, startsIn: TimeSpan.FromHours(-6), title: "Paarung " + Guid.NewGuid().ToString("N")[..6]);
        var colleagues = Enumerable.Range(0, 20).Select(_ => NewColleague()).ToList();
        await Bot.WithDbAsync(async db =>
        {
            var created = DateTime.UtcNow.AddDays(-3);
            foreach (var (p, i) in colleagues.Select((p, i) => (p, i)))
                db.TrainingRegistrations().Add(new Registration
                {
                    SessionId = id, UserAadObjectId = p.AadObjectId, UserName = p.Name, TenantId = BotFixture.TenantId,
                    Status = RegistrationStatus.Booked, Attendance = Attendance.Present,
                    BookedAtUtc = created.AddMinutes(i), CreatedAtUtc = created.AddMinutes(i), UpdatedAtUtc = created.AddMinutes(i),
                });
            return await db.SaveChangesAsync();
        });
        var order = colleagues.ToArray();
        Random.Shared.Shuffle(order);
        var answerOf = new Dictionary<string, string>();
        var answeredAt = new Dictionary<string, DateTime>();
        foreach (var p in order)
        {
            var text = "Antwort " + Guid.NewGuid().ToString("N")[..8];
            answerOf[p.AadObjectId] = text;
            answeredAt[p.AadObjectId] = DateTime.UtcNow;
            var card = await ClickAsync(Bot, p, "trainings.feedback",
                new JsonObject { ["sessionId"] = id, ["rating"] = Random.Shared.Next(1, 6).ToString(CultureInfo.InvariantCulture), ["comment"] = text });
            Assert.Contains("Danke für deine Rückmeldung", Words(card), StringComparison.Ordinal);
            await Task.Delay(10);
        }

        var registrations = await DumpAsync("training_registrations", id);
        var answers = await DumpAsync("training_feedback", id);

        Assert.Equal(20, answers.Count);
        Assert.All(registrations, r => Assert.True(Convert.ToBoolean(r["FeedbackGiven"], CultureInfo.InvariantCulture)));
        var (best, tried) = BestPairing(registrations, answers, r => answerOf[(string)r["UserAadObjectId"]!], a => (string)a["Comment"]!);
        var bound = LinkAttack.ChanceBound(20, tried);
        Assert.InRange(bound, 2, 12); // a bound this high would let a half-ordered table pass
        Assert.True(best <= bound, $"the attacker paired {best} of 20 (chance: about 1, bound {bound} for {tried} orderings)");

        // The same attacker on what the old schema kept: it is not blind, it pairs everyone.
        var old = order.Select((p, i) => (Reg: new Dictionary<string, object?> { ["UserAadObjectId"] = p.AadObjectId, ["FeedbackGivenAtUtc"] = answeredAt[p.AadObjectId] },
            Answer: new Dictionary<string, object?> { ["Id"] = (long)i + 1, ["Comment"] = answerOf[p.AadObjectId] })).ToList();
        var shuffledRegs = old.Select(o => o.Reg).OrderBy(r => (string)r["UserAadObjectId"]!, StringComparer.Ordinal).ToList();
        Assert.Equal(20, BestPairing(shuffledRegs, [.. old.Select(o => o.Answer)], r => answerOf[(string)r["UserAadObjectId"]!], a => (string)a["Comment"]!).Best);
    }

    /// <summary>Every row of the session as a dump has it, in storage order, with the database's own row columns.</summary>
    private Task<List<Dictionary<string, object?>>> DumpAsync(string table, long sessionId) =>
        Bot.WithDbAsync(async db =>
        {
            var postgres = db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal);
            var system = postgres
                ? "xmin::text::bigint AS sys_xmin, (ctid::text::point)[0] * 100000 + (ctid::text::point)[1] AS sys_ctid"
                : "rowid AS sys_rowid";
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // table names are the test's own constants
            command.CommandText = $"SELECT *, {system} FROM {table} WHERE \"SessionId\" = {sessionId}";
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<Dictionary<string, object?>>();
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?> { ["dump_position"] = (long)rows.Count };
                for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return rows;
        });

    /// <summary>The most pairs any ordering of both sides (by any column, either direction, ties in storage order) gets right.</summary>
    private static (int Best, int Tried) BestPairing(List<Dictionary<string, object?>> registrations, List<Dictionary<string, object?>> answers,
        Func<Dictionary<string, object?>, string> truthOfRegistration, Func<Dictionary<string, object?>, string> truthOfAnswer)
    {
        var (best, tried) = (0, 0);
        foreach (var regOrder in Orderings(registrations))
            foreach (var answerOrder in Orderings(answers))
            {
                best = Math.Max(best, regOrder.Zip(answerOrder).Count(p => truthOfRegistration(p.First) == truthOfAnswer(p.Second)));
                tried++;
            }
        return (best, tried);
    }

    private static IEnumerable<List<Dictionary<string, object?>>> Orderings(List<Dictionary<string, object?>> rows)
    {
        yield return rows;
        foreach (var column in rows.SelectMany(r => r.Keys).Distinct())
        {
            var ascending = rows.OrderBy(r => Sortable(r.GetValueOrDefault(column)), StringComparer.Ordinal).ToList();
            yield return ascending;
            yield return rows.OrderByDescending(r => Sortable(r.GetValueOrDefault(column)), StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>A value as text that sorts like the value (numbers padded, times in ISO form).</summary>
    private static string Sortable(object? value) => value switch
    {
        null => "",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        long or int or short or decimal or double => Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("0000000000000000000000.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    // ---------- random data, random requests, the attacker ----------

    private static readonly Gen<int[][]> Tables = Gen.Int[1, 5].Array[0, 14].Array[1, 4];

    private static readonly Gen<int[]> Requests = Gen.Int[0, 9].Array[4, 8];

    /// <summary>
    /// Random sessions of a fresh tool, then random requests as an attacker would edit them (this tool's sessions, the
    /// tool, a session of another tool, ids that do not exist or are not numbers, two ids at once). Every number on
    /// every card is tied to the people it claims to count; the attacker subtracts all of them from each other.
    /// </summary>
    [Fact]
    public void FeedbackResults_RandomDataAndEditedPayloads_NothingAboutFewerThanK()
    {
        Gen.Select(Tables, Requests).Sample(t => RunAttackAsync(t.Item1, t.Item2).GetAwaiter().GetResult(), iter: 10, threads: 1);
    }

    private async Task RunAttackAsync(int[][] ratings, int[] requests)
    {
        // Person n wrote "Kommentar n" when n is even: comments mark who is behind a text.
        var person = 0;
        var people = ratings.Select(s => s.Select(r => (Id: person++, Rating: r)).ToList()).ToList();
        var seeded = await SeedAsync([.. people.Select(s => (IReadOnlyList<(int, string)>)[.. s.Select(p => (p.Rating, p.Id % 2 == 0 ? $"Kommentar {p.Id:D3}" : ""))])]);
        var counts = new List<(int, HashSet<int>)>();
        var texts = new List<(int, HashSet<int>)>();

        foreach (var r in requests)
        {
            var s = seeded.Sessions;
            JsonObject data = r switch
            {
                < 4 when r < s.Count => Session(s[r].Id),
                < 4 => Session(s[0].Id),
                4 => new JsonObject { ["toolId"] = seeded.ToolId },
                5 => new JsonObject { ["sessionId"] = s[^1].Id, ["toolId"] = seeded.ToolId + 1 },
                6 => new JsonObject { ["sessionId"] = "1; DROP TABLE training_feedback", ["toolId"] = seeded.ToolId },
                7 => Session(long.MaxValue),
                8 => new JsonObject { ["toolId"] = -seeded.ToolId },
                _ => new JsonObject { ["sessionId"] = new JsonArray(s[0].Id, s[^1].Id) },
            };
            var card = await ResultsAsync(data);
            var words = Words(card);
            var facts = Facts(card);
            var index = s.FindIndex(x => words.Contains(x.Title, StringComparison.Ordinal));
            HashSet<int> Everyone(IEnumerable<int> sessions) => [.. sessions.SelectMany(i => people[i].Select(p => p.Id))];
            if (index >= 0)
            {
                if (Number(facts, "Antworten") is { } n) counts.Add((n, Everyone([index])));
                for (var rating = 1; rating <= 5; rating++)
                    if (facts.Where(f => f.Title.StartsWith($"{rating} –", StringComparison.Ordinal)).Select(f => Parse(f.Value)).SingleOrDefault() is { } cell)
                        counts.Add((cell, [.. people[index].Where(p => p.Rating == rating).Select(p => p.Id)]));
            }
            else if (words.Contains(seeded.Tool, StringComparison.Ordinal))
            {
                // The card lists the sessions in order after its two own facts (answers, average).
                var lines = facts.Skip(2).ToList();
                var shownSessions = new List<int>();
                for (var i = 0; i < Math.Min(s.Count, lines.Count); i++)
                {
                    if (SessionLine().Match(lines[i].Value) is not { Success: true } m) continue;
                    shownSessions.Add(i);
                    counts.Add((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Everyone([i])));
                }
                if (Number(facts, "Antworten") is { } n) counts.Add((n, Everyone(shownSessions)));
            }
            else continue;
            var shownTexts = CommentMark().Matches(words).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
            if (shownTexts.Count > 0) texts.Add((shownTexts.Count, shownTexts));
        }

        Attacker.Check(counts, 5);
        Attacker.Check(texts, 10);
    }

    private static int? Number(List<(string Title, string Value)> facts, string title) =>
        facts.Where(f => f.Title == title).Select(f => Parse(f.Value)).SingleOrDefault();

    private static int? Parse(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    [GeneratedRegex(@"^(\d+) Antworten, Durchschnitt")]
    private static partial Regex SessionLine();

    [GeneratedRegex(@"Kommentar (\d{3})")]
    private static partial Regex CommentMark();
}

public sealed class FeedbackPrivacyTests_Sqlite(FeedbackPrivacySqliteBot fixture) : FeedbackPrivacyTests<FeedbackPrivacySqliteBot>(fixture), IClassFixture<FeedbackPrivacySqliteBot>;

public sealed class FeedbackPrivacyTests_Postgres(FeedbackPrivacyPostgresBot fixture) : FeedbackPrivacyTests<FeedbackPrivacyPostgresBot>(fixture), IClassFixture<FeedbackPrivacyPostgresBot>;

/// <summary>The app with a lab-team member; the feedback job is left to the tests.</summary>
public abstract class FeedbackPrivacyBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
        [$"Jobs:{RequestFeedback.Name}:Enabled"] = "false",
    };
}

public sealed class FeedbackPrivacySqliteBot : FeedbackPrivacyBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class FeedbackPrivacyPostgresBot : FeedbackPrivacyBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
