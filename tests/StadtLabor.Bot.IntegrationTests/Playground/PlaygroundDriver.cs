using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.IntegrationTests.Playground;

/// <summary>
/// Drives the real Microsoft 365 Agents Playground (npm, pinned in tools/checkers) through its internal API, the
/// one its own web page uses (undocumented, so this follows version 0.2.28; see shared/peers/README.md):
/// install, type, click Action.Execute, and read what the bot posted from the conversation WebSocket.
/// </summary>
public sealed partial class PlaygroundDriver : IAsyncDisposable
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>How long one step may take: start-up, one answer, one HTTP call.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly string _workDir;
    private readonly HttpClient _http;
    private readonly List<PlaygroundMessage> _messages = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientWebSocket? _socket;
    private Task? _receiver;
    private string? _streamError;
    private bool _disposed;

    private PlaygroundDriver(Process process, ConcurrentQueue<string> output, string workDir, int port)
    {
        _process = process;
        _output = output;
        _workDir = workDir;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _http = new HttpClient { BaseAddress = BaseUrl, Timeout = StepTimeout };
    }

    public int Port { get; }
    public Uri BaseUrl { get; }

    /// <summary>Extra lines for failure messages (the fixture adds the bot's log tail).</summary>
    public Func<string>? MoreDiagnostics { get; set; }

    /// <summary>Why the Playground cannot run on this machine (a skip reason), or null when it can.</summary>
    public static string? Unavailable() =>
        RepoPaths.FindOnPath("node") is null
            ? "`node` is not on PATH; the Agents Playground end-to-end tests need Node.js 20 (./test.sh expects it too)."
            : null;

    /// <summary>Starts the Playground (headless: nobody opens its page) pointed at the bot's /api/messages.</summary>
    public static async Task<PlaygroundDriver> StartAsync(Uri botEndpoint, int port)
    {
        var cli = Path.Combine(RepoPaths.CheckersDir, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException(
                $"The Agents Playground is not installed ({cli} is missing). Run `npm ci` in {RepoPaths.CheckersDir} (./test.sh and ./run.sh do it).");
        }

        // Its working directory receives devTools/m365agentsplayground.log (every activity in and out): keep it out of the repository.
        var workDir = Directory.CreateTempSubdirectory("stadtlabor-playground-").FullName;
        var psi = new ProcessStartInfo(RepoPaths.FindOnPath("node")!)
        {
            WorkingDirectory = workDir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { cli, "-e", botEndpoint.ToString(), "-c", "msteams", "--dt", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the Playground process exited during start-up"));
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Cannot start node: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close(); // nothing to read: no key presses, and no inherited terminal

        var driver = new PlaygroundDriver(process, output, workDir, port);
        try
        {
            int actualPort;
            try
            {
                actualPort = await listening.Task.WaitAsync(StepTimeout);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException($"The Agents Playground did not start listening within {StepTimeout.TotalSeconds} s ({e.Message}).{driver.LogTail()}", e);
            }

            // It silently takes a random port when the requested one is busy; the bot only accepts the one it was told.
            if (actualPort != port)
            {
                throw new InvalidOperationException($"The Playground listens on {actualPort} instead of {port} (port taken by someone else?).{driver.LogTail()}");
            }

            await driver.WaitForPingAsync();
            return driver;
        }
        catch
        {
            await driver.DisposeAsync();
            throw;
        }

        void OnLine(string? line)
        {
            if (line is null) return;
            output.Enqueue(line);
            while (output.Count > 200) output.TryDequeue(out _);
            var match = ListeningLine().Match(line);
            if (match.Success) listening.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// GET /_internal/v1/config: the mock tenant, bot, current user and chats. The page calls it first, and it waits
    /// (up to 15 s) until the bot's endpoint answers HTTP. Before the bot runs, pass <paramref name="beforeBotStarts"/>:
    /// that reads /_internal/v1/testConfig, the same data without the wait.
    /// </summary>
    public async Task<PlaygroundConfig> GetConfigAsync(bool beforeBotStarts = false)
    {
        var path = beforeBotStarts ? "_internal/v1/testConfig" : "_internal/v1/config";
        var (status, body) = await SendAsync(HttpMethod.Get, path, null);
        if (status != HttpStatusCode.OK) Assert.Fail($"GET /{path} answered {(int)status}: {body}{LogTail()}");
        var config = JsonNode.Parse(body)?["config"] as JsonObject;
        string Read(string path) => Navigate(config, path) ?? throw new InvalidOperationException($"The Playground config has no {path}: {body}");
        return new PlaygroundConfig(Read("tenantId"), Read("bot.id"), Read("currentUser.id"), Read("personalChat.id"));
    }

    /// <summary>
    /// Opens the conversation stream. Connect before the first action: the Playground buffers messages only while no
    /// client is connected and hands that buffer to the next client that connects (it is not a replayable history).
    /// </summary>
    public async Task ConnectStreamAsync()
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(StepTimeout);
        var uri = new Uri($"ws://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/_ws_conversation/v1/conversations/stream");
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Dispose();
            Assert.Fail($"Cannot open the Playground's conversation stream {uri}: {e.Message}{LogTail()}");
        }

        _socket = socket;
        _receiver = Task.Run(() => ReceiveAsync(socket, _stop.Token));
    }

    /// <summary>POST /_debug/conversation/{id}/installation: what the page does when the user adds the app.</summary>
    public async Task InstallAsync(string conversationId)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, $"_debug/conversation/{Uri.EscapeDataString(conversationId)}/installation", new JsonObject());
        if (status != HttpStatusCode.OK) Assert.Fail($"Installing in {conversationId} answered {(int)status}: {body}{LogTail()}");
    }

    /// <summary>The user types a message; returns the id the Playground gave it.</summary>
    public async Task<string> SendTextAsync(PlaygroundConfig config, string conversationId, string text)
    {
        var payload = new JsonObject
        {
            ["from"] = new JsonObject { ["id"] = config.UserId },
            ["text"] = text,
            ["textFormat"] = "plain",
        };
        var (status, body) = await SendAsync(HttpMethod.Post, $"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", payload);
        if (status != HttpStatusCode.OK) Assert.Fail($"Sending \"{text}\" answered {(int)status}: {body}{LogTail()}");
        return JsonNode.Parse(body)?["messageId"]?.ToString() ?? throw new InvalidOperationException($"No messageId in the Playground's answer: {body}");
    }

    /// <summary>
    /// The user clicks an Action.Execute button on the card with id <paramref name="cardMessageId"/> (the Playground
    /// refuses a replyToId it does not know). Returns the HTTP status and the body the Playground hands to its page.
    /// </summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body, string Raw)> InvokeAsync(
        PlaygroundConfig config, string conversationId, string cardMessageId, string verb, JsonObject? data = null)
    {
        var payload = new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data ?? new JsonObject() },
            },
            ["from"] = new JsonObject { ["id"] = config.UserId },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["replyToId"] = cardMessageId,
        };
        var (status, body) = await SendAsync(HttpMethod.Post, "_conversation/v1/invoke", payload);
        JsonNode? parsed = null;
        try
        {
            parsed = body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON: the caller shows Raw
        }

        return (status, parsed, body);
    }

    /// <summary>How many messages the stream has delivered so far; pass it to the Wait methods to see only newer ones.</summary>
    public int Mark()
    {
        lock (_gate) return _messages.Count;
    }

    /// <summary>Every message the stream delivered after <paramref name="mark"/>.</summary>
    public IReadOnlyList<PlaygroundMessage> MessagesSince(int mark)
    {
        lock (_gate) return _messages.Skip(mark).ToList();
    }

    /// <summary>Waits for the first new message from the bot after <paramref name="mark"/>; fails with the story so far.</summary>
    public async Task<PlaygroundMessage> NextBotMessageAsync(PlaygroundConfig config, int mark, string waitingFor)
    {
        var found = await WaitForAsync(mark, list => list.FirstOrDefault(m => m.Action == "createMessage" && m.FromId == config.BotId), waitingFor);
        return found!;
    }

    private async Task<PlaygroundMessage?> WaitForAsync(int mark, Func<IReadOnlyList<PlaygroundMessage>, PlaygroundMessage?> pick, string waitingFor)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var found = pick(_messages.Skip(mark).ToList());
                if (found is not null) return found;
                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _streamError is not null)
            {
                var seen = MessagesSince(mark);
                Assert.Fail(
                    $"Waited {StepTimeout.TotalSeconds} s for {waitingFor}, in vain.{(_streamError is null ? "" : " Stream: " + _streamError)}\n" +
                    $"Messages on the stream since this step ({seen.Count}):\n" +
                    string.Join("\n", seen.Select(m => "  " + Shorten(m.Raw.ToJsonString(), 400))) + LogTail());
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    /// <summary>The last lines of the Playground's console and of its activity log, for failure messages.</summary>
    public string LogTail(int lines = 15)
    {
        var sb = new StringBuilder();
        sb.Append("\n--- Playground console (last lines) ---\n");
        foreach (var line in _output.ToArray().TakeLast(lines)) sb.Append("  ").Append(Shorten(line, 300)).Append('\n');
        var activityLog = Path.Combine(_workDir, "devTools", "m365agentsplayground.log");
        if (File.Exists(activityLog))
        {
            sb.Append("--- Playground activity log (last lines) ---\n");
            try
            {
                using var stream = new FileStream(activityLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                foreach (var line in reader.ReadToEnd().Split('\n').Where(l => l.Length > 0).TakeLast(lines))
                    sb.Append("  ").Append(Shorten(line, 600)).Append('\n');
            }
            catch (IOException e)
            {
                sb.Append("  (cannot read: ").Append(e.Message).Append(")\n");
            }
        }

        if (MoreDiagnostics is not null) sb.Append(MoreDiagnostics());
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _stop.CancelAsync();
        if (_socket is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                if (_socket.State == WebSocketState.Open) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the process goes away next anyway
            }
        }

        if (_receiver is not null)
        {
            try
            {
                await _receiver.WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (TimeoutException)
            {
                // aborted below
            }
        }

        _socket?.Abort();
        _socket?.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or TimeoutException)
        {
            // already gone, or it will be reaped with the test host
        }

        _process.Dispose();
        _http.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    private async Task WaitForPingAsync()
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri("_debug/ping", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not yet
            }

            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"The Playground does not answer /_debug/ping.{LogTail()}");
            await Task.Delay(100);
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, JsonObject? payload)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (payload is not null) request.Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Assert.Fail($"{method} /{path} to the Playground failed: {e.Message}{LogTail()}");
            throw;
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                Add(text);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (WebSocketException e)
        {
            _streamError = e.Message;
        }

        if (!ct.IsCancellationRequested) _streamError ??= "the Playground closed the conversation stream";
        Signal();
    }

    private void Add(string text)
    {
        JsonObject? frame;
        try
        {
            frame = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        if (frame?["message"] is not JsonObject message) return; // typing and other signals carry no message
        var parsed = new PlaygroundMessage(
            frame["action"]?.ToString() ?? "",
            frame["actionConversationId"]?.ToString() ?? "",
            message["messageId"]?.ToString() ?? "",
            message["from"]?["id"]?.ToString() ?? "",
            message["text"]?.ToString(),
            message["attachments"] as JsonArray ?? [],
            frame);
        lock (_gate) _messages.Add(parsed);
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private static string? Navigate(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.')) node = node?[part];
        return node?.ToString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>The Playground's mock tenant, as GET /_internal/v1/config reports it.</summary>
public sealed record PlaygroundConfig(string TenantId, string BotId, string UserId, string PersonalChatId);

/// <summary>One createMessage/updateMessage frame of the conversation stream.</summary>
public sealed record PlaygroundMessage(
    string Action, string ConversationId, string MessageId, string FromId, string? Text, JsonArray Attachments, JsonObject Raw)
{
    /// <summary>The first Adaptive Card attachment, or null.</summary>
    public JsonObject? Card =>
        Attachments.OfType<JsonObject>().FirstOrDefault(a => a["contentType"]?.ToString() == PlaygroundDriver.CardContentType)?["content"] as JsonObject;

    public override string ToString() => Raw.ToJsonString();
}

/// <summary>Where things are: the repository (found from the test binaries) and free loopback ports.</summary>
public static class RepoPaths
{
    public static readonly string Root = FindRoot();
    public static readonly string CheckersDir = Path.Combine(Root, "tools", "checkers");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static string? FindOnPath(string name)
    {
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd" } : new[] { "" };
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var ext in extensions)
            {
                var candidate = Path.Combine(dir, name + ext);
                if (File.Exists(candidate)) return candidate;
            }
        }

        return null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StadtLabor.Bot.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No StadtLabor.Bot.sln in any folder above {AppContext.BaseDirectory}");
    }
}
