using System.Diagnostics;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Tests.Cards;

/// <summary>
/// Runs our node scripts in tools/checkers (Microsoft's Adaptive Cards packages) in batch mode:
/// one node start per test class, because node starts slowly on the CI machine.
/// </summary>
internal static class Checkers
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    public static string CardsFolder => Path.Combine(RepoRoot, "cards");

    public static JsonArray Batch(string script, JsonArray input, params string[] args)
    {
        var folder = Path.Combine(RepoRoot, "tools", "checkers");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "adaptivecards")))
            Assert.Fail($"tools/checkers/node_modules is missing: run `npm ci` in {folder} (test.sh does this).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(folder, script));
        start.ArgumentList.Add("--batch");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = StartNode(start);
        // Read both streams while writing, so a large answer cannot block the pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node {script} did not finish within 2 minutes");
        }
        var output = stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0 || output.Length == 0)
            Assert.Fail($"node {script} failed (exit {process.ExitCode}): {stderr.GetAwaiter().GetResult()}");
        return JsonNode.Parse(output)!.AsArray();
    }

    private static Process StartNode(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not on PATH; the card tests need Node.js (test.sh installs it)", e);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StadtLabor.Bot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no StadtLabor.Bot.sln above {AppContext.BaseDirectory}");
    }
}
