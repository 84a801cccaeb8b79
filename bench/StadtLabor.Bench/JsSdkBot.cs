using System.Diagnostics;
using System.Security.Cryptography;

namespace StadtLabor.Bench;

/// <summary>
/// The Microsoft 365 Agents SDK for JavaScript echo bot in bench/jssdk, run with node as one process. Its packages are
/// installed with <c>npm ci</c> from the committed package-lock.json when node_modules is missing or was installed from
/// another lock file; without node or npm the target is skipped, never failed, because the bot under test does not
/// need either.
/// </summary>
public static class JsSdkBot
{
    public static string Folder => Path.Combine(BenchRunner.RepoRoot(), "bench", "jssdk");

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Null when the bot can start; otherwise why the target is skipped.</summary>
    public static async Task<string?> PrepareAsync(TextWriter progress, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(Folder, "index.js")) || !File.Exists(Path.Combine(Folder, "package-lock.json")))
            return $"{Folder} has no index.js and package-lock.json";
        if (!OnPath("node")) return "node is not installed (install Node.js 20 to measure Microsoft's JS SDK)";
        var stamp = Path.Combine(Folder, "node_modules", ".stadtlabor-installed");
        var want = Convert.ToHexString(SHA256.HashData(
            [.. await File.ReadAllBytesAsync(Path.Combine(Folder, "package.json"), ct), .. await File.ReadAllBytesAsync(Path.Combine(Folder, "package-lock.json"), ct)]));
        if (File.Exists(stamp) && (await File.ReadAllTextAsync(stamp, ct)).Trim() == want) return null;
        if (!OnPath("npm")) return "npm is not installed and bench/jssdk/node_modules is missing";

        progress.WriteLine("Installing the JS SDK echo bot (npm ci in bench/jssdk) ...");
        var info = new ProcessStartInfo("npm") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["ci", "--no-audit", "--no-fund", "--loglevel=error"]) info.ArgumentList.Add(arg);
        using var npm = Process.Start(info)!;
        var output = npm.StandardOutput.ReadToEndAsync(ct);
        var errors = npm.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(InstallTimeout);
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            npm.Kill(entireProcessTree: true);
            return $"npm ci did not finish within {InstallTimeout.TotalMinutes:0} minutes";
        }
        await output;
        if (npm.ExitCode != 0)
        {
            var last = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3);
            return $"npm ci failed with {npm.ExitCode}: {string.Join(" / ", last)}";
        }
        await File.WriteAllTextAsync(stamp, want, ct);
        return null;
    }

    public static Task<ServerProcess> StartAsync(string logFile, TimeSpan timeout) =>
        ServerProcess.StartProgramAsync("node", ["index.js"], Folder, new Dictionary<string, string?>
        {
            // Anonymous, as the SDK allows outside production: no app id from the shell may switch the JWT check on,
            // and no DEBUG may switch on its logging.
            ["NODE_ENV"] = null,
            ["DEBUG"] = null,
            ["NODE_OPTIONS"] = null,
            ["clientId"] = null,
            ["tenantId"] = null,
            ["clientSecret"] = null,
            ["MicrosoftAppId"] = null,
            ["MicrosoftAppPassword"] = null,
            ["MicrosoftAppTenantId"] = null,
        }, logFile, timeout);

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
