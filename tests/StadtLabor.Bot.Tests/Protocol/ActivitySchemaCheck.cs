using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StadtLabor.Bot.Tests.Protocol;

/// <summary>
/// Checks activities the bot sends against Microsoft's activity model (@microsoft/agents-activity, through
/// tools/checkers/validate-activity.js). One node process checks all activities of a call, so collect them
/// and call once per test.
/// </summary>
/// <example><code>ActivitySchemaCheck.AssertValid(sentActivities.Select(a => JsonSerializer.Serialize(a, options)));</code></example>
public static class ActivitySchemaCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Fails the test when any activity has a schema error, or (unless <paramref name="warningsFail"/> is false)
    /// a warning such as an unknown or misspelled property. The message lists every finding per activity.
    /// </summary>
    public static void AssertValid(IEnumerable<string> activityJsons, bool warningsFail = true)
    {
        ArgumentNullException.ThrowIfNull(activityJsons);
        var jsons = activityJsons.ToList();
        var results = Check(jsons);
        var failing = results.Where(r => r.Errors.Count > 0 || (warningsFail && r.Warnings.Count > 0)).ToList();
        if (failing.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.AppendLine(CultureInfo.InvariantCulture, $"{failing.Count} of {jsons.Count} activities do not match the activity model (validate-activity.js):");
        foreach (var r in failing)
        {
            message.AppendLine(CultureInfo.InvariantCulture, $"activity #{r.Index}: {Shorten(jsons[r.Index])}");
            foreach (var e in r.Errors)
            {
                message.AppendLine(CultureInfo.InvariantCulture, $"  error   {e.Path}: {e.Message}");
            }

            foreach (var w in r.Warnings)
            {
                message.AppendLine(CultureInfo.InvariantCulture, $"  warning {w.Path}: {w.Message}");
            }
        }

        Assert.Fail(message.ToString());
    }

    /// <summary>Runs the checker and returns its findings, one result per activity in input order.</summary>
    public static IReadOnlyList<ActivityCheckResult> Check(IEnumerable<string> activityJsons)
    {
        ArgumentNullException.ThrowIfNull(activityJsons);
        var jsons = activityJsons.ToList();
        if (jsons.Count == 0)
        {
            return [];
        }

        for (var i = 0; i < jsons.Count; i++)
        {
            try
            {
                using var _ = JsonDocument.Parse(jsons[i]);
            }
            catch (JsonException e)
            {
                Assert.Fail(FormattableString.Invariant($"activity #{i} is not valid JSON ({e.Message}): {Shorten(jsons[i])}"));
            }
        }

        var root = FindRepoRoot();
        var checkers = Path.Combine(root, "tools", "checkers");
        if (!Directory.Exists(Path.Combine(checkers, "node_modules", "@microsoft", "agents-activity")))
        {
            Assert.Fail($"The activity checker's packages are not installed. Run `npm ci` in {checkers} (./test.sh does it).");
        }

        var input = "[" + string.Join(",\n", jsons) + "]";
        var (exitCode, stdout, stderr) = RunNode(Path.Combine(checkers, "validate-activity.js"), ["--json"], input);
        if (exitCode is not (0 or 1))
        {
            Assert.Fail(FormattableString.Invariant($"validate-activity.js failed to run (exit {exitCode}):\n{stderr}\n{stdout}"));
        }

        var results = JsonSerializer.Deserialize<List<ActivityCheckResult>>(stdout, JsonOptions)
            ?? throw new InvalidOperationException("validate-activity.js printed no results");
        Assert.True(results.Count == jsons.Count, FormattableString.Invariant($"validate-activity.js reported {results.Count} results for {jsons.Count} activities"));
        return results;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The folder holding StadtLabor.Bot.sln, found by walking up from the test binaries.</summary>
    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StadtLabor.Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No StadtLabor.Bot.sln above {AppContext.BaseDirectory}");
    }

    private static (int ExitCode, string Stdout, string Stderr) RunNode(string script, IEnumerable<string> args, string stdin)
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"Cannot start `node` ({e.Message}). Install Node.js 20 or later and put it on PATH.");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using (var writer = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false)))
            {
                writer.Write(stdin);
            }

            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail(FormattableString.Invariant($"validate-activity.js did not finish within {Timeout.TotalSeconds} s"));
            }

            process.WaitForExit();
            return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }

    private static string Shorten(string json)
    {
        var oneLine = json.ReplaceLineEndings(" ");
        return oneLine.Length <= 300 ? oneLine : string.Concat(oneLine.AsSpan(0, 300), "…");
    }
}

/// <summary>One finding: where in the activity (e.g. <c>attachments[0].contentType</c>) and what is wrong.</summary>
public sealed record ActivityCheckIssue(string Path, string Message);

/// <summary>The checker's findings for the activity at <see cref="Index"/> (input order).</summary>
public sealed record ActivityCheckResult(int Index, IReadOnlyList<ActivityCheckIssue> Errors, IReadOnlyList<ActivityCheckIssue> Warnings);
