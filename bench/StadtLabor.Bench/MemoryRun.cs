using System.Diagnostics;
using System.Globalization;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bench;

/// <summary>The bot's working set at one moment of a memory run.</summary>
public sealed record MemorySample(double Seconds, long Acked, long Replies, double WorkingSetMb);

public sealed record MemoryReport(
    DateTimeOffset StartedAt, long Turns, int Connections, long Acked, int Errors, double Seconds, double AcksPerSecond, double P99Ms,
    double StartMb, double? HalfMb, double EndMb, double? DrainedMb, double PeakMb, double? GrowthMb, long Backlog, string Machine,
    IReadOnlyList<MemorySample> Samples, string Markdown);

/// <summary>
/// Issue 10's memory target (working set after 100,000 turns &lt; 250 MB, and flat between 50,000 and 100,000): drives
/// "hilfe" on SQLite until the given number of turns is acknowledged and samples the bot's resident set
/// (/proc/&lt;pid&gt;/status VmRSS) every second. The bot runs as in the other runs: Production mode, full JWT check.
/// </summary>
public static class MemoryRun
{
    private const string Bot = "sqlite";
    private const double Mb = 1024 * 1024;

    /// <summary>Growth between half and all of the turns that still counts as flat: GC heaps breathe by a few percent.</summary>
    public const double FlatGrowthPercent = 5;

    public static async Task<MemoryReport> RunAsync(BenchOptions options, long turns, TextWriter progress, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var stamp = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-memory";
        var output = options.OutputFolder ?? Path.Combine(BenchRunner.RepoRoot(), ".artifacts", "bench");
        var logs = Path.Combine(output, stamp + "-logs");
        Directory.CreateDirectory(logs);
        var loadBefore = BenchRunner.LoadAverage();

        await using var resources = new BenchRunner.Resources();
        var issuer = resources.Own(await TestIssuer.StartAsync());
        var entra = resources.Own(await FakeEntraEndpoint.StartAsync());
        var sink = resources.Own(await ConnectorSink.StartAsync());
        progress.WriteLine("Starting the bot on SQLite ...");
        var database = resources.Own(await BotDatabase.CreateAsync(DatabaseProvider.Sqlite, logs, null));
        var bot = resources.Own(await ServerProcess.StartAsync("StadtLabor.Bot.dll", [],
            BenchRunner.BotEnvironment(database, sink, entra, issuer, Bot), Path.Combine(logs, $"bot-{Bot}.log"), TimeSpan.FromSeconds(90)));
        var client = resources.Own(new LoadClient(bot.BaseAddress, issuer.Token(Turns.AppId, sink.ServiceUrl(Bot)), options.Connections));
        var activities = new Turns(sink.ServiceUrl(Bot), []);
        var machine = await BenchRunner.MachineAsync(options with { Targets = [$"{Bot}:hilfe"] }, loadBefore);

        // One turn first: the setup must work, and the reply count per turn tells how many replies the load owes.
        var (ok, answer) = await client.SendOneAsync(activities.Body("hilfe"));
        if (!ok) throw new InvalidOperationException($"The bot refused a single turn: {answer}");
        if (!await BenchRunner.WaitForRepliesAsync(sink, Bot, 1, 30))
            throw new InvalidOperationException("No reply reached the connector stub within 30 s of an acknowledged message.");
        await Task.Delay(500, ct);
        var perTurn = sink.Count(Bot);

        var clock = Stopwatch.StartNew();
        var samples = new List<MemorySample>();
        var repliesBefore = sink.Count(Bot);
        MemorySample Sample() => new(clock.Elapsed.TotalSeconds, client.Acked, sink.Count(Bot) - repliesBefore, bot.WorkingSet() / Mb);
        var start = Sample();
        samples.Add(start);
        progress.WriteLine(Invariant($"Driving \"hilfe\" until {turns:N0} turns are acknowledged ({options.Connections} connections); working set at start {start.WorkingSetMb:0} MB"));
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(stopSampling.Token))
                {
                    var sample = Sample();
                    lock (samples) samples.Add(sample);
                    if (samples.Count % 10 == 0)
                        progress.WriteLine(Invariant($"{sample.Seconds,5:0} s  {sample.Acked,9:N0} turns  {sample.Replies,9:N0} replies  working set {sample.WorkingSetMb,6:0} MB"));
                }
            }
            catch (OperationCanceledException)
            {
                // The load is done.
            }
        }, CancellationToken.None);

        // Bounded in time as well as in turns: a bot that stops answering ends the run after an hour at most.
        var load = await client.RunAsync(() => activities.Body("hilfe"), TimeSpan.FromHours(1), turns);
        var end = Sample();
        var drained = await BenchRunner.WaitForRepliesAsync(sink, Bot, repliesBefore + (long)load.Acks * perTurn, Math.Max(options.DrainCapSeconds, 120));
        var afterDrain = drained ? Sample() : null;
        await stopSampling.CancelAsync();
        await sampler;
        lock (samples)
        {
            samples.Add(end);
            if (afterDrain is not null) samples.Add(afterDrain);
        }

        machine += $"; load average after: {BenchRunner.LoadAverage()}";
        var half = samples.Where(s => s.Acked >= turns / 2).OrderBy(s => s.Seconds).FirstOrDefault();
        var peak = samples.Max(s => s.WorkingSetMb);
        var growth = half is null ? (double?)null : end.WorkingSetMb - half.WorkingSetMb;
        var backlog = (long)load.Acks * perTurn - (end.Replies);
        var markdown = Markdown(startedAt, options, turns, machine, load, start, half, end, afterDrain, peak, growth, perTurn);
        var report = new MemoryReport(startedAt, turns, options.Connections, load.Acks, load.Errors, load.Elapsed.TotalSeconds, load.AcksPerSecond,
            load.PercentileMs(0.99), start.WorkingSetMb, half?.WorkingSetMb, end.WorkingSetMb, afterDrain?.WorkingSetMb, peak, growth, backlog, machine,
            samples.OrderBy(s => s.Seconds).ToList(), markdown);
        await File.WriteAllTextAsync(Path.Combine(output, stamp + ".md"), markdown, ct);
        await File.WriteAllTextAsync(Path.Combine(output, stamp + ".json"), System.Text.Json.JsonSerializer.Serialize(report, Indented), ct);
        progress.WriteLine($"Written: {Path.Combine(output, stamp + ".md")} (server log: {logs})");
        return report;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Markdown(DateTimeOffset startedAt, BenchOptions options, long turns, string machine, LoadResult load,
        MemorySample start, MemorySample? half, MemorySample end, MemorySample? drained, double peak, double? growth, long perTurn)
    {
        var md = new System.Text.StringBuilder();
        md.AppendLine(Invariant($"## StadtLabor.Bot memory run, {startedAt:yyyy-MM-dd HH:mm} UTC"));
        md.AppendLine();
        md.AppendLine(Invariant($"\"hilfe\" messages on SQLite, {options.Connections} connections ({options.Connections} parallel users), until {turns:N0} turns were acknowledged: ") +
            Invariant($"{load.Acks:N0} in {load.Elapsed.TotalSeconds:0} s ({load.AcksPerSecond:N0} acks/s, p99 {load.PercentileMs(0.99):0.0} ms, {load.Errors} errors, {perTurn} reply per turn). ") +
            Invariant($"{ServerProcess.BotBuild}, bot in Production mode with the full JWT check. Working set: VmRSS of /proc/<pid>/status, sampled every second. Machine: {machine}."));
        md.AppendLine();
        md.AppendLine("| moment | turns acknowledged | replies at the stub | working set |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        void Row(string moment, MemorySample s) => md.AppendLine(Invariant($"| {moment} | {s.Acked:N0} | {s.Replies:N0} | {s.WorkingSetMb:N0} MB |"));
        Row("ready, before the load", start);
        if (half is not null) Row("50 % of the turns", half);
        Row("100 % of the turns (load ends)", end);
        if (drained is not null) Row("all replies at the stub", drained);
        md.AppendLine(Invariant($"| peak of all samples | | | {peak:N0} MB |"));
        md.AppendLine();
        var flat = growth is { } g && half is not null && g <= half.WorkingSetMb * FlatGrowthPercent / 100;
        md.AppendLine(Invariant($"Growth between 50 % and 100 % of the turns: {(growth is { } d ? $"{d:+0;-0;0} MB ({d / half!.WorkingSetMb * 100:+0.0;-0.0;0.0} %)" : "–")}. ") +
            Invariant($"Issue 10's target, < 250 MB after 100,000 turns and flat (here: growth ≤ {FlatGrowthPercent:0} %): ") +
            Invariant($"{end.WorkingSetMb:N0} MB after {load.Acks:N0} turns ({(end.WorkingSetMb < 250 ? "met" : "not met")}), {(flat ? "flat (met)" : "not flat (not met)")}") +
            (turns == BenchOptions.DefaultMemoryTurns ? "." : Invariant($"; this run had {turns:N0} turns, not 100,000."))
            + (drained is null ? " Not all replies reached the stub within the drain cap." : ""));
        return md.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
