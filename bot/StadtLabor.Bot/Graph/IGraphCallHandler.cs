using System.Text.Json;
using Microsoft.Graph;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Graph;

/// <summary>
/// Makes one kind of queued Graph call. Features implement it (e.g. the trainings' calendar invitations) and register
/// it with <c>services.AddGraphCallHandler&lt;T&gt;()</c>. Throw Graph's own exceptions (ODataError/ApiException) or
/// HttpRequestException as they come: the worker reads 429/503 with Retry-After, 412 and 5xx as "try again later" and
/// 400/403 as dead. Return <see cref="GraphCallResult.Done"/> when the call's effect is in place (also when it was
/// already there: the handler must be safe to run twice, because a crash after the call and before the commit repeats it).
/// </summary>
public interface IGraphCallHandler
{
    string Kind { get; }

    Task<GraphCallResult> RunAsync(GraphCallContext context, CancellationToken ct);
}

/// <summary>What a handler gets: the call, a Graph client, and a database context of its own scope (saved by the worker).</summary>
public sealed record GraphCallContext(GraphCall Call, GraphServiceClient Graph, LabDbContext Db, IServiceProvider Services)
{
    public T Payload<T>() => JsonSerializer.Deserialize<T>(Call.PayloadJson, GraphCallWriter.Json)
        ?? throw new InvalidOperationException($"graph call {Call.Id} has no payload");
}

public abstract record GraphCallResult
{
    public static readonly GraphCallResult Done = new DoneResult();

    /// <summary>Not now (e.g. the event it changes is not created yet); counts as an attempt.</summary>
    public static GraphCallResult Later(string why, TimeSpan? after = null) => new LaterResult(why, after);

    /// <summary>Will never work as it is (e.g. Graph refused the request): dead, shown to the lab team.</summary>
    public static GraphCallResult Dead(string why) => new DeadResult(why);

    public sealed record DoneResult : GraphCallResult;
    public sealed record LaterResult(string Why, TimeSpan? After) : GraphCallResult;
    public sealed record DeadResult(string Why) : GraphCallResult;
}
