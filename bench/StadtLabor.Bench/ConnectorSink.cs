using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace StadtLabor.Bench;

/// <summary>
/// Stands in for the Bot Connector under load: answers 201 to every reply and counts them per bot, with the arrival
/// time of the last one. Unlike the integration tests' ConnectorStub it keeps no bodies, because it runs in the same
/// process as the load client and must stay cheap.
/// </summary>
public sealed class ConnectorSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Counter> _counters = new();
    private string _baseUrl = "";

    private ConnectorSink(WebApplication app)
    {
        _app = app;
        app.MapPost("/{bot}/v3/conversations/{**rest}", (string bot) =>
        {
            var counter = _counters.GetOrAdd(bot, _ => new Counter());
            counter.Arrived();
            return Results.Json(new Answer("bench-" + counter.Count), statusCode: 201);
        });
    }

    public static async Task<ConnectorSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SinkJson.Default));
        var sink = new ConnectorSink(builder.Build());
        await sink._app.StartAsync();
        sink._baseUrl = sink._app.Urls.First().TrimEnd('/');
        return sink;
    }

    public string HostAndPort => new Uri(_baseUrl).Authority;

    /// <summary>The serviceUrl a bot's activities carry; replies to it are counted under <paramref name="bot"/>.</summary>
    public string ServiceUrl(string bot) => $"{_baseUrl}/{bot}/";

    public long Count(string bot) => _counters.GetOrAdd(bot, _ => new Counter()).Count;

    /// <summary>Stopwatch timestamp of the last reply to that bot (0: none yet).</summary>
    public long LastArrival(string bot) => _counters.GetOrAdd(bot, _ => new Counter()).Last;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class Counter
    {
        private long _count;
        private long _last;
        public long Count => Interlocked.Read(ref _count);
        public long Last => Interlocked.Read(ref _last);

        public void Arrived()
        {
            Interlocked.Increment(ref _count);
            Interlocked.Exchange(ref _last, Stopwatch.GetTimestamp());
        }
    }
}

public sealed record Answer(string Id);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Answer))]
internal sealed partial class SinkJson : System.Text.Json.Serialization.JsonSerializerContext;
