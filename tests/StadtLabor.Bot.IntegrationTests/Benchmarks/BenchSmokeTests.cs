using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Benchmarks;

/// <summary>The bench starts servers and loads the CPU for a few seconds: not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchRunsAlone
{
    public const string Name = "Benchmark smoke";
}

/// <summary>
/// Issue 10: the benchmark is not part of ./test.sh, but a short run of the real harness is, so it cannot rot. The
/// bench runs as the command runs it (its own process, starting the bare endpoint and the bot as processes), for half a
/// second per target with two connections; the test reads the figures it wrote and checks that every target has them
/// and that the replies the bot owed reached the connector stub. No timing is asserted.
/// </summary>
[Collection(BenchRunsAlone.Name)]
public sealed class BenchSmokeTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Bench_HalfSecondPerTurnTwoConnections_EveryTargetReportsNumbersAndRepliesArrive(DatabaseProvider provider)
    {
        if (TestDatabase.Unavailable(provider) is { } reason) Assert.Skip(reason);
        var database = provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres";
        var output = Path.Combine(Path.GetTempPath(), "stadtlabor-tests", "bench-" + Guid.NewGuid().ToString("N"));

        var (code, log) = await RunBenchAsync("--duration", "0.5", "--warmup", "0", "--repetitions", "1", "--connections", "2",
            "--backlog-after", "0.5", "--targets", $"bare,{database}", "--out", output);

        Assert.True(code == 0, $"The bench exited with {code}:{Environment.NewLine}{log}");
        var json = Directory.GetFiles(output, "*.json").Single();
        var report = JsonNode.Parse(await File.ReadAllTextAsync(json))!.AsObject();
        var summaries = report["Summaries"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(["bare", $"{database}:hilfe", $"{database}:schulungen", $"{database}:signup"], summaries.Select(s => s["Target"]!.GetValue<string>()));
        foreach (var s in summaries)
        {
            var target = s["Target"]!.GetValue<string>();
            Assert.True(s["AcksPerSecond"]!.GetValue<double>() > 0, $"{target}: no acknowledged turn.{Environment.NewLine}{log}");
            Assert.True(s["P50Ms"]!.GetValue<double>() > 0 && s["P99Ms"]!.GetValue<double>() >= s["P50Ms"]!.GetValue<double>(), $"{target}: latencies {s.ToJsonString()}");
            Assert.True(s["CpuMicrosPerTurn"]!.GetValue<double>() > 0, $"{target}: no server CPU measured: {s.ToJsonString()}");
            Assert.Equal(0, s["Errors"]!.GetValue<int>());
            Assert.True(s["AcksVsBare"]!.GetValue<double>() > 0, $"{target}: no ratio to the bare endpoint: {s.ToJsonString()}");
        }
        foreach (var message in summaries.Where(s => s["Target"]!.GetValue<string>() is var t && (t.EndsWith(":hilfe", StringComparison.Ordinal) || t.EndsWith(":schulungen", StringComparison.Ordinal))))
        {
            // Every acknowledged message owes at least one reply, and all of them reached the stub before the run ended.
            Assert.True(message["RepliesPerTurn"]!.GetValue<double>() >= 1, message.ToJsonString());
            Assert.NotNull(message["Backlog"]);
            Assert.True(message["DrainedAfterSeconds"] is not null, $"Not all replies arrived: {message.ToJsonString()}");
            Assert.NotNull(message["OutboxPending"]);
        }
        var markdown = await File.ReadAllTextAsync(Path.ChangeExtension(json, ".md"));
        Assert.Contains("| bare ASP.NET Core POST → 200 |", markdown, StringComparison.Ordinal);
        Assert.Contains("sign-up click", markdown, StringComparison.Ordinal);
        Directory.Delete(output, recursive: true);
    }

    private static async Task<(int Code, string Log)> RunBenchAsync(params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(BenchDll());
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var bench = Process.Start(info)!;
        var stdout = bench.StandardOutput.ReadToEndAsync();
        var stderr = bench.StandardError.ReadToEndAsync();
        // Generous: starting two servers on a loaded two-core machine can take half a minute; a quiet one needs seconds.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await bench.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            bench.Kill(entireProcessTree: true);
            throw new TimeoutException($"The bench did not finish within 3 minutes:{Environment.NewLine}{await stdout}{await stderr}");
        }
        return (bench.ExitCode, await stdout + await stderr);
    }

    /// <summary>The bench as built beside this test project (same configuration; the project reference builds it first).</summary>
    private static string BenchDll()
    {
        var configuration = typeof(BenchSmokeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(StadtLabor.Bot.Tests.Protocol.ActivitySchemaCheck.FindRepoRoot(), "bench", "StadtLabor.Bench", "bin", configuration, "net10.0", "StadtLabor.Bench.dll");
        Assert.True(File.Exists(dll), $"The bench is not built: {dll}");
        return dll;
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
