using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// The bot as its own operating-system process (<c>dotnet StadtLabor.Bot.dll</c> from the test output folder), configured
/// only through environment variables, the way it runs in production. Lets a test kill it hard (no graceful stop, no
/// finally blocks, no flushed state) or stop it the way a service manager does (SIGTERM).
/// </summary>
public sealed partial class BotProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BotProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Where the bot listens (from its "Now listening on" line).</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>
    /// Starts the bot with these environment variables (on top of the test process's environment) and waits until
    /// Kestrel listens. The working directory is the test output folder, so the bot's appsettings.json applies.
    /// </summary>
    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan? startTimeout = null)
    {
        var folder = AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "StadtLabor.Bot.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("The bot is not in the test output folder (project reference?)", dll);
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        // Settings the test runner may have set for itself must not leak into the bot.
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("Bot__", StringComparison.Ordinal) ||
                     k.StartsWith("Outbox__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(inherited);
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["DOTNET_gcServer"] = "0"; // two cores shared with other test runs
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        info.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var bot = new BotProcess(process);
        process.OutputDataReceived += (_, e) => bot.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Keep(e.Data is null ? null : "stderr: " + e.Data);
        process.Exited += (_, _) => bot._listening.TrySetException(new InvalidOperationException("The bot process exited during start-up."));
        if (!process.Start()) throw new InvalidOperationException("The bot process did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var url = await bot._listening.Task.WaitAsync(startTimeout ?? TimeSpan.FromSeconds(45));
            bot.BaseAddress = new Uri(url);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            var exited = process.HasExited ? $"exited with {process.ExitCode}" : "still running, not listening";
            await bot.DisposeAsync();
            throw new InvalidOperationException($"The bot process did not start listening ({exited}). Its output:{Environment.NewLine}{bot.OutputTail()}", ex);
        }
        return bot;
    }

    /// <summary>Output lines so far (the last few hundred), for failure messages.</summary>
    public string OutputTail(int lines = 60) => string.Join(Environment.NewLine, _output.TakeLast(lines));

    public IReadOnlyList<string> Output => _output.ToList();

    /// <summary>A crash: SIGKILL to the bot and anything it started; returns once the process is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
            throw new InvalidOperationException($"The bot process {_process.Id} did not die within 15 s of SIGKILL.");
        _process.WaitForExit(); // drains the redirected output
    }

    /// <summary>A graceful stop as systemd or Kubernetes does it: SIGTERM, then wait for the host to shut down.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new PlatformNotSupportedException("A graceful stop needs SIGTERM (Linux or macOS).");
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The bot did not stop within {timeout.TotalSeconds:F0} s of SIGTERM. Its output:{Environment.NewLine}{OutputTail()}");
        }
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > KeptLines) _output.TryDequeue(out _);
        if (ListeningLine().Match(line) is { Success: true } match) _listening.TrySetResult(match.Groups[1].Value);
    }

    /// <summary>The dotnet host that runs these tests, so the bot runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
