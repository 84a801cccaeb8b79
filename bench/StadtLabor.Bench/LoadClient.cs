using System.Diagnostics;
using System.Net.Http.Headers;

namespace StadtLabor.Bench;

/// <summary>What one run of the load client saw.</summary>
public sealed record LoadResult(int Acks, int Errors, TimeSpan Elapsed, long[] LatencyTicks, string? FirstError)
{
    public double AcksPerSecond => Acks / Elapsed.TotalSeconds;

    public double PercentileMs(double p)
    {
        if (LatencyTicks.Length == 0) return double.NaN;
        var index = Math.Clamp((int)Math.Ceiling(p * LatencyTicks.Length) - 1, 0, LatencyTicks.Length - 1);
        return LatencyTicks[index] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>
/// A closed-loop HTTP load client: N connections, each posting the next activity as soon as the previous answer is
/// read, like N Teams front ends that each wait for their acknowledgement. wrk is not installed here, and a C# client
/// can build a fresh activity (new id, new person) for every request.
/// </summary>
public sealed class LoadClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly int _connections;
    private long _issued;
    private long _acked;
    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    public LoadClient(Uri server, string? bearerToken, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseProxy = false,
            UseCookies = false,
        })
        { Timeout = TimeSpan.FromSeconds(60) };
        _url = new Uri(server, "/api/messages");
        _authorization = bearerToken is null ? null : new AuthenticationHeaderValue("Bearer", bearerToken);
        _connections = connections;
    }

    /// <summary>Turns acknowledged so far in the current (or last) run; read while it runs by the memory sampler.</summary>
    public long Acked => Interlocked.Read(ref _acked);

    /// <summary>Drives the server for <paramref name="duration"/>, or until <paramref name="turns"/> requests were sent.</summary>
    public async Task<LoadResult> RunAsync(Func<byte[]> body, TimeSpan duration, long? turns = null)
    {
        Interlocked.Exchange(ref _issued, 0);
        Interlocked.Exchange(ref _acked, 0);
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, _connections).Select(_ => Task.Run(() => WorkAsync(body, stopAt, turns ?? long.MaxValue))).ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var latencies = results.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(results.Sum(r => r.Latencies.Count), results.Sum(r => r.Errors), elapsed, latencies,
            results.Select(r => r.FirstError).FirstOrDefault(e => e is not null));
    }

    /// <summary>One request, for calibration; true when the server acknowledged it.</summary>
    public async Task<(bool Ok, string Answer)> SendOneAsync(byte[] body)
    {
        using var response = await _http.SendAsync(Request(body));
        return (response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<Worker> WorkAsync(Func<byte[]> body, long stopAt, long turns)
    {
        var worker = new Worker();
        while (Stopwatch.GetTimestamp() < stopAt && Interlocked.Increment(ref _issued) <= turns)
        {
            using var request = Request(body());
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.SendAsync(request);
                await response.Content.CopyToAsync(Stream.Null);
                if (response.IsSuccessStatusCode)
                {
                    worker.Latencies.Add(Stopwatch.GetTimestamp() - sent);
                    Interlocked.Increment(ref _acked);
                }
                else worker.Fail($"HTTP {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                worker.Fail(ex.GetType().Name + ": " + ex.Message);
            }
        }
        return worker;
    }

    private HttpRequestMessage Request(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
        if (_authorization is not null) request.Headers.Authorization = _authorization;
        return request;
    }

    private sealed class Worker
    {
        public List<long> Latencies { get; } = new(4096);
        public int Errors { get; private set; }
        public string? FirstError { get; private set; }

        public void Fail(string error)
        {
            Errors++;
            FirstError ??= error;
        }
    }

    public void Dispose() => _http.Dispose();
}
