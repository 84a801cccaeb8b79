using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Fuzz;

/// <summary>
/// Teams activities, mutated (types, missing and extra fields, huge and deep values, odd Unicode, wrong verbs and data,
/// tenants of other JSON types), posted through Kestrel with a valid token: no 5xx (an invoke nobody handles may answer
/// 501, as the protocol says), no error in the log, and a refused request (4xx) changes nothing in the database.
/// STADTLABOR_FUZZ_CASES sets the number of cases (default 10,000 on SQLite, 1,500 on PostgreSQL), STADTLABOR_FUZZ_SEED
/// replays a run (the seed is printed on failure).
/// </summary>
public abstract class ActivityFuzzTests<TBot>(TBot bot, ITestOutputHelper output) where TBot : BotFixture
{
    protected abstract int DefaultCases { get; }

    private int Cases => int.TryParse(Environment.GetEnvironmentVariable("STADTLABOR_FUZZ_CASES"), out var n) ? n : DefaultCases;

    [Fact]
    public async Task Messages_MutatedTeamsActivities_No5xxNoErrorsRefusedChangeNothing()
    {
        Assert.SkipWhen(bot.Unavailable is not null, bot.Unavailable ?? "");
        // Cheap token reuse: one signed token for all cases (valid an hour); minting per request would cost more than the bot.
        var authorization = new AuthenticationHeaderValue("Bearer", bot.ValidToken());
        var statuses = new ConcurrentDictionary<int, int>();
        var refused = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<string>();
        var number = 0;
        // Only what the fuzzing logs: a fresh PostgreSQL database logs one failed history query while it is migrated.
        var logLinesBefore = bot.Logs.Lines.Count;
        var clock = Stopwatch.StartNew();

        await Check.SampleAsync(ActivityMutations.Cases, async fuzz =>
        {
            var body = ActivityMutations.Render(fuzz, bot, Interlocked.Increment(ref number));
            var status = await PostAsync(body, authorization);
            statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
            if (status is >= 400 and < 500) refused.Enqueue(body);
            if (status >= 500 && !(status == 501 && IsUnhandledInvoke(body)))
                failures.Enqueue($"{status} for {fuzz}: {Truncate(body)}");
            // No exception here on purpose: CsCheck would then skip the rest to shrink, and we want every kind of crash.
        }, iter: Cases, threads: 12, seed: Environment.GetEnvironmentVariable("STADTLABOR_FUZZ_SEED"), print: f => f.ToString());
        var sampled = clock.Elapsed;

        // The refused ones again, against a database at rest: not one row may change.
        await WaitForQuietAsync();
        var before = await FingerprintAsync();
        var again = await Task.WhenAll(refused.Chunk(Math.Max(1, refused.Count / 12)).Select(async chunk =>
        {
            var changed = new List<string>();
            foreach (var body in chunk)
            {
                var status = await PostAsync(body, authorization);
                if (status is < 400 or >= 500) changed.Add($"{status} on replay: {Truncate(body)}");
            }
            return changed;
        }));
        var after = await FingerprintAsync();

        var errors = bot.Logs.Lines.Skip(logLinesBefore).Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{number} cases in {sampled.TotalSeconds:F1} s ({number / sampled.TotalSeconds:F0}/s), {refused.Count} refused replayed; " +
            $"statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; error lines: {errors.Count}");
        foreach (var line in failures.Take(10).Concat(errors.Take(10))) output.WriteLine(line.Length > 2000 ? line[..2000] : line);
        Assert.Empty(failures);
        Assert.Empty(errors.Take(5));
        Assert.Empty(again.SelectMany(c => c).Take(5));
        Assert.Equal(before, after);
        Assert.True(number >= Cases, $"only {number} of {Cases} cases ran");
    }

    private async Task<int> PostAsync(string body, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = authorization;
        using var response = await bot.Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    private static bool IsUnhandledInvoke(string body) =>
        body.Contains("\"type\":\"invoke\"", StringComparison.Ordinal) && !body.Contains("\"name\":\"adaptiveCard/action\"", StringComparison.Ordinal);

    private static string Truncate(string body) => body.Length <= 600 ? body : body[..600] + $"… ({body.Length} chars)";

    /// <summary>Replies and proactive messages sent from the first pass must not change rows during the comparison.</summary>
    private async Task WaitForQuietAsync()
    {
        var calls = -1;
        while (calls != bot.Connector.Calls.Count)
        {
            calls = bot.Connector.Calls.Count;
            await Task.Delay(300);
        }
    }

    /// <summary>Every row of every table the app owns, as text (outbox rows by id only: their send state moves on its own).</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var scope = bot.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var sql = db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
        var tables = db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null)
            .Select(e => (Name: e.GetTableName()!, Key: e.FindPrimaryKey()!.Properties[0].GetColumnName()))
            .DistinctBy(t => t.Name).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var (table, key) in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = table == "outbox_messages"
                ? $"SELECT {sql.DelimitIdentifier(key)} FROM {sql.DelimitIdentifier(table)}"
                : $"SELECT * FROM {sql.DelimitIdentifier(table)}";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            rows.Sort(StringComparer.Ordinal);
            text.Append(table).Append(':').Append(rows.Count).Append('\n').AppendJoin('\n', rows).Append('\n');
        }
        return text.ToString();
    }
}

/// <summary>Lab team and demo data configured, so the lab-team verbs and real sessions are reached too.</summary>
public sealed class FuzzSqliteBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override IDictionary<string, string?> Settings => FuzzSettings.Values;
}

public sealed class FuzzPostgresBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override IDictionary<string, string?> Settings => FuzzSettings.Values;
}

internal static class FuzzSettings
{
    public static IDictionary<string, string?> Values => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = Activities.LabTeam.AadObjectId,
        ["Lab:DemoData"] = "true",
    };
}

public sealed class ActivityFuzzTests_Sqlite(FuzzSqliteBot bot, ITestOutputHelper output)
    : ActivityFuzzTests<FuzzSqliteBot>(bot, output), IClassFixture<FuzzSqliteBot>
{
    protected override int DefaultCases => 10_000;
}

public sealed class ActivityFuzzTests_Postgres(FuzzPostgresBot bot, ITestOutputHelper output)
    : ActivityFuzzTests<FuzzPostgresBot>(bot, output), IClassFixture<FuzzPostgresBot>
{
    protected override int DefaultCases => 1_500;
}
