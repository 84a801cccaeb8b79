using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StadtLabor.Bench;

/// <summary>
/// A server under test as its own process (the bot, this assembly in "bare" or "protocol" mode, or the JS SDK echo bot
/// under node), on a free loopback port, with its output in a log file. Its CPU and memory are read from /proc by
/// process id.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private ServerProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public int Id => _process.Id;
    public TimeSpan StartToReady { get; private set; }

    /// <summary>
    /// Where the bot runs from: bench/run.sh publishes it ReadyToRun, as it is deployed (STADTLABOR_BENCH_BOT); without
    /// that (the smoke test) the bot's build next to this assembly.
    /// </summary>
    public static string BotFolder { get; } = Environment.GetEnvironmentVariable("STADTLABOR_BENCH_BOT") is { Length: > 0 } published
        ? Path.GetFullPath(published)
        : AppContext.BaseDirectory;

    /// <summary>How the bot was built, for the report.</summary>
    public static string BotBuild => BotFolder == AppContext.BaseDirectory ? "Release build (JIT only)" : "Release, published ReadyToRun";

    /// <summary>Starts <c>dotnet exec &lt;dll&gt; args</c> and waits for GET /health/ready to answer 200.</summary>
    public static Task<ServerProcess> StartAsync(string dll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment,
        string logFile, TimeSpan timeout)
    {
        var folder = dll == "StadtLabor.Bot.dll" ? BotFolder : AppContext.BaseDirectory;
        return StartProgramAsync(DotnetHost(), ["exec", Path.Combine(folder, dll), .. args], folder, environment, logFile, timeout);
    }

    /// <summary>
    /// Starts any program (node for the JS SDK bot) and waits for GET /health/ready to answer 200. The port is given as
    /// ASPNETCORE_URLS and as PORT, which Node servers read.
    /// </summary>
    public static async Task<ServerProcess> StartProgramAsync(string program, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, string logFile, TimeSpan timeout)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var name = Path.GetFileName(args.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal) || a.EndsWith(".js", StringComparison.Ordinal)) ?? program);
        // Settings of the shell the bench runs in must not leak into the servers.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Bot__", StringComparison.Ordinal) || k.StartsWith("Outbox__", StringComparison.Ordinal)
                     || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("Lab__", StringComparison.Ordinal)
                     || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_gc", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A null value removes a variable (the JS SDK must not find app credentials of the shell).
        foreach (var (key, value) in environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, log, new Uri($"http://127.0.0.1:{port}"));
        var clock = Stopwatch.StartNew();
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"{name} did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{name} exited with {process.ExitCode} during start-up; its log: {logFile}");
            if (clock.Elapsed > timeout)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"{name} was not ready within {timeout.TotalSeconds:F0} s; its log: {logFile}");
            }
            try
            {
                using var ready = await probe.GetAsync(new Uri(server.BaseAddress, "/health/ready"));
                if (ready.IsSuccessStatusCode) break;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        server.StartToReady = clock.Elapsed;
        return server;
    }

    public TimeSpan Cpu() => ProcessCpu.Read(_process.Id);

    /// <summary>Resident set size (the working set) in bytes, from /proc/&lt;pid&gt;/status VmRSS.</summary>
    public long WorkingSet() => ProcessCpu.ReadWorkingSet(_process.Id);

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_logLock) _log.WriteLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host running the bench, so the servers run on the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM first, so the bot stops the way a service manager stops it.
                using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
                    if (kill is not null) await kill.WaitForExitAsync();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try { await _process.WaitForExitAsync(wait.Token); }
                catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        _process.Dispose();
        lock (_logLock) _log.Dispose();
    }
}
