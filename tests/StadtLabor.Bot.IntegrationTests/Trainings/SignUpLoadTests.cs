using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>The sign-up load run measures time: it runs alone, not beside other test classes competing for the CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SignUpLoadRunsAlone
{
    public const string Name = "Sign-up load";
}

/// <summary>
/// How long a sign-up turn takes (HTTP in, card out) when 50 people click at once, and for 200 people in four waves
/// of 50. Asserts correctness only; median and p99 go to .artifacts/trainings-signup.txt for the closing note.
/// </summary>
public abstract class SignUpLoadTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task SignUp_50AtOnceAnd200InWaves_EveryoneAnsweredAndSeatsExact()
    {
        var authorization = "Bearer " + Bot.ValidToken();
        // A running bot has warm code and a filled connection pool; a first burst of 50 would mostly measure
        // 50 PostgreSQL connections being opened at once, so one unmeasured burst goes first.
        var warmUp = await SessionAsync(Bot, capacity: 5, title: "Aufwärmen");
        await TimedSignUpsAsync(warmUp, Enumerable.Range(5900, 50).Select(Colleague).ToList(), authorization);

        var burst = await SessionAsync(Bot, capacity: 10, title: "Lastlauf 50");
        var burstTimes = await TimedSignUpsAsync(burst, Enumerable.Range(5000, 50).Select(Colleague).ToList(), authorization);
        await AssertSeatsAsync(burst, capacity: 10, people: 50);

        var waves = await SessionAsync(Bot, capacity: 60, title: "Lastlauf 200");
        var waveTimes = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var wave = 0; wave < 4; wave++)
            waveTimes.AddRange(await TimedSignUpsAsync(waves, Enumerable.Range(5100 + (wave * 50), 50).Select(Colleague).ToList(), authorization));
        clock.Stop();
        await AssertSeatsAsync(waves, capacity: 60, people: 200);

        WriteFigures(
            $"50 at once for 10 seats: {Figures(burstTimes)}",
            $"200 in 4 waves of 50 for 60 seats: {Figures(waveTimes)}; {200 / clock.Elapsed.TotalSeconds:F0} sign-ups/s");
    }

    /// <summary>Sends one sign-up per person, all at once; returns each turn's time in milliseconds.</summary>
    private async Task<List<double>> TimedSignUpsAsync(long sessionId, IReadOnlyList<Activities.Persona> people, string authorization)
    {
        var clicks = people.Select(p => Execute(Bot, p, "trainings.signUp", Session(sessionId), conversationId: "a:personal-" + p.AadObjectId)).ToList();
        var turns = await Task.WhenAll(clicks.Select(async click =>
        {
            var watch = Stopwatch.StartNew();
            using var response = await Bot.PostAsync(click, authorization);
            var raw = await response.Content.ReadAsStringAsync();
            watch.Stop();
            return ((int)response.StatusCode, raw, watch.Elapsed.TotalMilliseconds);
        }));
        foreach (var (status, raw, _) in turns)
        {
            Assert.True(status == 200, $"status {status}: {raw}");
            Assert.Contains("trainings.list", Verbs(Card(JsonNode.Parse(raw)!.AsObject())));
        }
        return turns.Select(t => t.TotalMilliseconds).ToList();
    }

    private async Task AssertSeatsAsync(long sessionId, int capacity, int people)
    {
        var all = await RegistrationsAsync(Bot, sessionId);
        Assert.Equal(people, all.Count);
        Assert.Equal(capacity, all.Count(r => r.Status == RegistrationStatus.Booked));
        Assert.Equal(Enumerable.Range(1, people - capacity).Select(n => (long)n),
            all.Where(r => r.Status == RegistrationStatus.Waitlisted).Select(r => r.WaitlistSeq).Order());
    }

    private static string Figures(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"median {Rank(0.5):F0} ms, p99 {Rank(0.99):F0} ms, max {sorted[^1]:F0} ms");
    }

    /// <summary>One line per database in the shared file; the other database's lines stay.</summary>
    private void WriteFigures(params string[] lines)
    {
        var provider = Bot.Database.Provider.ToString();
        var root = StadtLabor.Bot.Tests.Protocol.ActivitySchemaCheck.FindRepoRoot();
        Directory.CreateDirectory(Path.Combine(root, ".artifacts"));
        var file = Path.Combine(root, ".artifacts", "trainings-signup.txt");
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var header = $"[{provider}] sign-up turn times through HTTP ({DateTime.UtcNow:u}, {Environment.ProcessorCount} cores, load average {load}):";
        var kept = File.Exists(file) ? File.ReadAllLines(file).Where(l => !l.StartsWith($"[{provider}]", StringComparison.Ordinal)) : [];
        File.WriteAllLines(file, kept.Append(header).Concat(lines.Select(l => $"[{provider}]   {l}")));
        TestContext.Current.SendDiagnosticMessage(string.Join(Environment.NewLine, lines.Prepend(header)));
    }
}

[Collection(SignUpLoadRunsAlone.Name)]
public sealed class SignUpLoadTests_Sqlite(SqliteBot bot) : SignUpLoadTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

[Collection(SignUpLoadRunsAlone.Name)]
public sealed class SignUpLoadTests_Postgres(PostgresBot bot) : SignUpLoadTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
