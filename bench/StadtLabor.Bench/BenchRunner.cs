using System.Diagnostics;
using System.Globalization;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bench;

/// <summary>
/// Starts the servers, drives every target in interleaved rounds (A, B, C, A, B, C, ...), so that a noisy minute on a
/// shared machine hits all targets alike, and summarises each target by its medians.
/// </summary>
public static class BenchRunner
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter progress, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var stamp = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var output = options.OutputFolder ?? Path.Combine(RepoRoot(), ".artifacts", "bench");
        var logs = Path.Combine(output, stamp + "-logs");
        Directory.CreateDirectory(logs);
        var loadBefore = LoadAverage();

        // Missing node or npm skips the JS SDK target with a line, never fails the run: the bot under test needs neither.
        var targets = options.Targets;
        var skipped = new Dictionary<string, string>();
        if (targets.Contains(Target.JsSdk) && await JsSdkBot.PrepareAsync(progress, ct) is { } reason)
        {
            progress.WriteLine($"Skipping the JS SDK echo bot (target jssdk): {reason}.");
            skipped[Target.JsSdk] = reason;
            targets = targets.Where(t => t != Target.JsSdk).ToList();
        }

        await using var resources = new Resources();
        var issuer = resources.Own(await TestIssuer.StartAsync());
        var entra = resources.Own(await FakeEntraEndpoint.StartAsync());
        var sink = resources.Own(await ConnectorSink.StartAsync());
        var servers = new Dictionary<string, Server>();
        var startToReady = new Dictionary<string, double>();

        // The bare endpoint starts beside the first bot (its start-up time is not reported); the bots one after the
        // other, so that each one's start-to-ready is its own.
        var bareStarting = targets.Contains(Target.Bare)
            ? ServerProcess.StartAsync("StadtLabor.Bench.dll", ["bare"], new Dictionary<string, string?>(), Path.Combine(logs, "bare.log"), StartTimeout)
            : null;
        ServerProcess? bare = null;
        try
        {
            foreach (var name in Target.Databases.Where(d => targets.Any(t => Target.DatabaseOf(t) == d)))
            {
                ct.ThrowIfCancellationRequested();
                var provider = name == "sqlite" ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
                progress.WriteLine($"Starting the bot on {provider} ...");
                var database = resources.Own(await BotDatabase.CreateAsync(provider, logs, options.Postgres));
                var bot = resources.Own(await ServerProcess.StartAsync("StadtLabor.Bot.dll", [],
                    BotEnvironment(database, sink, entra, issuer, name), Path.Combine(logs, $"bot-{name}.log"), StartTimeout));
                startToReady[name] = bot.StartToReady.TotalSeconds;
                var sessions = await database.SeedTrainingsAsync();
                var client = resources.Own(new LoadClient(bot.BaseAddress, issuer.Token(Turns.AppId, sink.ServiceUrl(name)), options.Connections));
                servers[name] = new Server(bot, client, database, new Turns(sink.ServiceUrl(name), sessions), name);
            }
        }
        finally
        {
            // Owned even when a bot failed to start, so that no bare endpoint is left running.
            if (bareStarting is not null) bare = resources.Own(await bareStarting);
        }
        if (bare is not null)
            servers[Target.Bare] = new Server(bare, resources.Own(new LoadClient(bare.BaseAddress, null, options.Connections)), null, null, null);
        // The comparison targets answer the same "hilfe" activity as the bot, with the reply going to their own counter
        // at the stub; neither checks a token (see the report's footnote), so the load client sends none.
        foreach (var name in targets.Where(t => t is Target.Protocol or Target.JsSdk))
        {
            ct.ThrowIfCancellationRequested();
            var server = resources.Own(name == Target.Protocol
                ? await ServerProcess.StartAsync("StadtLabor.Bench.dll", ["protocol"], new Dictionary<string, string?>(), Path.Combine(logs, "protocol.log"), StartTimeout)
                : await JsSdkBot.StartAsync(Path.Combine(logs, "jssdk.log"), StartTimeout));
            servers[name] = new Server(server, resources.Own(new LoadClient(server.BaseAddress, null, options.Connections)), null, new Turns(sink.ServiceUrl(name), []), name);
        }
        var machine = await MachineAsync(options, loadBefore);
        var perTurn = new Dictionary<string, double>();
        var runs = new List<Measurement>();
        for (var round = 1; round <= options.Repetitions; round++)
        {
            foreach (var target in targets)
            {
                ct.ThrowIfCancellationRequested();
                var server = servers[Target.ServerOf(target)];
                var turn = Target.TurnOf(target);
                Func<byte[]> body = turn is null ? () => [] : () => server.Turns!.Body(turn);
                if (round == 1)
                {
                    perTurn[target] = await CalibrateAsync(server, sink, body, target);
                    if (options.WarmupSeconds > 0)
                    {
                        var before = server.Replies(sink);
                        var warm = await server.Client.RunAsync(body, TimeSpan.FromSeconds(options.WarmupSeconds));
                        await WaitForRepliesAsync(server, sink, before + (long)Math.Round(warm.Acks * perTurn[target]), options.DrainCapSeconds);
                    }
                }
                var run = await MeasureAsync(server, sink, target, round, body, perTurn[target], options);
                runs.Add(run);
                var backlog = run.Backlog is { } b ? $"  backlog {b}" : "";
                var errors = run.Errors > 0 ? $"  errors {run.Errors} ({run.FirstError})" : "";
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}/{options.Repetitions} {target,-20} {run.AcksPerSecond,8:N0} acks/s  p99 {run.P99Ms,7:N1} ms  {run.CpuMicrosPerTurn,7:N0} µs/turn{backlog}{errors}"));
            }
        }

        // What a server burns with no traffic (outbox polling, jobs, tiered JIT catching up) is inside every
        // CPU-per-turn figure; shown so that a slow target with few turns can be read correctly.
        var idleFrom = servers.ToDictionary(s => s.Key, s => s.Value.Process.Cpu());
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var idle = servers.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {(s.Value.Process.Cpu() - idleFrom[s.Key]).TotalMilliseconds:0} ms"));
        var summaries = Report.Summarise(targets, runs, perTurn);
        machine += $"; load average after: {LoadAverage()}; idle server CPU per second after the runs: {string.Join(", ", idle)}";
        var markdown = Report.Markdown(startedAt, options, machine, startToReady, summaries, runs, skipped);
        var report = new BenchReport(startedAt, options with { Postgres = options.Postgres is null ? null : "(given)" }, machine, startToReady, summaries, runs, skipped, markdown);
        await File.WriteAllTextAsync(Path.Combine(output, stamp + ".md"), markdown, ct);
        await File.WriteAllTextAsync(Path.Combine(output, stamp + ".json"),
            System.Text.Json.JsonSerializer.Serialize(report, Indented), ct);
        progress.WriteLine($"Written: {Path.Combine(output, stamp + ".md")} (server logs: {logs})");
        return report;
    }

    /// <summary>
    /// One turn on its own, to learn how many replies it sends (the backlog is counted in replies), and to fail early
    /// with the server's answer when the setup is wrong (a 401 would otherwise be measured as a very fast error).
    /// </summary>
    private static async Task<double> CalibrateAsync(Server server, ConnectorSink sink, Func<byte[]> body, string target)
    {
        var before = server.Replies(sink);
        var (ok, answer) = await server.Client.SendOneAsync(body());
        if (!ok) throw new InvalidOperationException($"{target}: the server refused a single turn: {answer}");
        // A card click answers in the HTTP response; a message answers with replies after the acknowledgement.
        if (server.SinkKey is null || Target.TurnOf(target) == "signup") return 0;
        var clock = Stopwatch.StartNew();
        var seen = before;
        var quietSince = clock.Elapsed;
        while (true)
        {
            await Task.Delay(20);
            var now = server.Replies(sink);
            if (now != seen) { seen = now; quietSince = clock.Elapsed; }
            // Wait for the first reply (a busy machine can take seconds), then until nothing more comes for a while.
            if (seen > before && clock.Elapsed - quietSince > TimeSpan.FromMilliseconds(500)) break;
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException($"{target}: no reply reached the connector stub within 30 s of an acknowledged message.");
        }
        return seen - before;
    }

    private static async Task<Measurement> MeasureAsync(Server server, ConnectorSink sink, string target, int round, Func<byte[]> body,
        double repliesPerTurn, BenchOptions options)
    {
        var replies0 = server.Replies(sink);
        var cpu0 = server.Process.Cpu();
        var load = await server.Client.RunAsync(body, TimeSpan.FromSeconds(options.DurationSeconds));
        var loadEnded = Stopwatch.GetTimestamp();
        var replies1 = server.Replies(sink);

        long? backlog = null;
        double? repliesPerSecond = null, drainedAfter = null;
        var expected = replies0 + (long)Math.Round(load.Acks * repliesPerTurn);
        if (repliesPerTurn > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(options.BacklogAfterSeconds));
            backlog = expected - server.Replies(sink);
            repliesPerSecond = (replies1 - replies0) / load.Elapsed.TotalSeconds;
        }
        int? outbox = server.Database is null ? null : await server.Database.PendingOutboxAsync();
        if (repliesPerTurn > 0 && await WaitForRepliesAsync(server, sink, expected, options.DrainCapSeconds))
            drainedAfter = Math.Max(0, (double)(sink.LastArrival(server.SinkKey!) - loadEnded) / Stopwatch.Frequency);
        // CPU up to the last reply: sending a turn's replies is part of what the turn costs.
        var cpu = server.Process.Cpu() - cpu0;
        return new Measurement(target, round, load.Acks, load.Errors, load.Elapsed.TotalSeconds, load.AcksPerSecond,
            load.PercentileMs(0.50), load.PercentileMs(0.99), load.Acks == 0 ? double.NaN : cpu.TotalMicroseconds / load.Acks,
            repliesPerSecond, backlog, outbox, drainedAfter, load.FirstError);
    }

    /// <summary>Waits until the expected replies arrived; gives up at the cap or after 10 s without any progress.</summary>
    private static Task<bool> WaitForRepliesAsync(Server server, ConnectorSink sink, long expected, double capSeconds) =>
        server.SinkKey is null ? Task.FromResult(true) : WaitForRepliesAsync(sink, server.SinkKey, expected, capSeconds);

    internal static async Task<bool> WaitForRepliesAsync(ConnectorSink sink, string sinkKey, long expected, double capSeconds)
    {
        var clock = Stopwatch.StartNew();
        var seen = sink.Count(sinkKey);
        var progressAt = clock.Elapsed;
        while (seen < expected)
        {
            if (clock.Elapsed.TotalSeconds > capSeconds || clock.Elapsed - progressAt > TimeSpan.FromSeconds(10)) return false;
            await Task.Delay(20);
            var now = sink.Count(sinkKey);
            if (now != seen) { seen = now; progressAt = clock.Elapsed; }
        }
        return true;
    }

    /// <summary>Production as deployed: the bot checks every token against the local issuer and gets its outbound token from the local Entra.</summary>
    internal static Dictionary<string, string?> BotEnvironment(BotDatabase database, ConnectorSink sink, FakeEntraEndpoint entra, TestIssuer issuer, string name) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Bot__AppId"] = Turns.AppId,
        ["Bot__TenantId"] = Turns.TenantId,
        ["Bot__AllowedTenants__0"] = Turns.TenantId,
        ["Bot__OpenIdMetadataUrl"] = issuer.MetadataUrl,
        ["Bot__RequireHttpsMetadata"] = "false",
        ["Bot__ServiceUrlHosts__0"] = sink.HostAndPort,
        ["Bot__Credential__Type"] = "ClientSecret",
        ["Bot__Credential__ClientSecret"] = "bench-not-a-secret",
        ["Bot__Credential__AuthorityHost"] = entra.AuthorityHost,
        ["SSL_CERT_FILE"] = entra.CertificateFile,
        ["Bot__PublicBaseUrl"] = $"https://stadtlabor-bot-{name}.bench.example",
        ["Database__Provider"] = database.Provider.ToString(),
        ["ConnectionStrings__Lab"] = database.ConnectionString,
    };

    internal static async Task<string> MachineAsync(BenchOptions options, string loadBefore)
    {
        var parts = new List<string>
        {
            $"{Environment.ProcessorCount} cores",
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            $"commit {Git("rev-parse --short HEAD")}{(Git("status --porcelain --untracked-files=no").Length > 0 ? " (with uncommitted changes)" : "")}",
        };
        if (options.Targets.Any(t => Target.DatabaseOf(t) == "postgres") && options.Postgres is { } server)
        {
            await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ToString());
            await connection.OpenAsync();
            await using var version = new Npgsql.NpgsqlCommand("SELECT current_setting('server_version') || ', fsync ' || current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit')", connection);
            parts.Add("PostgreSQL " + await version.ExecuteScalarAsync());
        }
        parts.Add($"load average before: {loadBefore}");
        return string.Join("; ", parts);
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Git(string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot() };
            using var git = Process.Start(info)!;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "StadtLabor.Bot.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    private sealed record Server(ServerProcess Process, LoadClient Client, BotDatabase? Database, Turns? Turns, string? SinkKey)
    {
        public long Replies(ConnectorSink sink) => SinkKey is null ? 0 : sink.Count(SinkKey);
    }

    /// <summary>Everything started, stopped in reverse order: servers before the database and the stubs they talk to.</summary>
    internal sealed class Resources : IAsyncDisposable
    {
        private readonly Stack<object> _owned = new();

        public T Own<T>(T resource) where T : class
        {
            _owned.Push(resource);
            return resource;
        }

        public async ValueTask DisposeAsync()
        {
            while (_owned.TryPop(out var resource))
            {
                try
                {
                    if (resource is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
                    else if (resource is IDisposable disposable) disposable.Dispose();
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or Npgsql.NpgsqlException)
                {
                    // Cleaning up after a failed run must not hide why it failed.
                }
            }
        }
    }
}
