using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models.ODataErrors;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.IntegrationTests.Graph;

/// <summary>
/// A queued call kind only the tests have ("test.echo"): reads one event of the call's mailbox from the Graph stub,
/// so the queue's rules (order, mailbox limits, Retry-After, failures) are tested apart from any feature's handler.
/// </summary>
internal sealed class GraphQueueEcho : IGraphCallHandler
{
    public const string KindName = "test.echo";

    public string Kind => KindName;

    public sealed record Payload(string EventId, bool Throw = false);

    public async Task<GraphCallResult> RunAsync(GraphCallContext context, CancellationToken ct)
    {
        var payload = context.Payload<Payload>();
        if (payload.Throw) throw new InvalidOperationException("a handler's bug, with Erika Mustermann in its message");
        try
        {
            await context.Graph.Users[context.Call.Mailbox].Events[payload.EventId].GetAsync(cancellationToken: ct);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            // The stub knows no such event: for an echo, having asked is the whole effect.
        }
        return GraphCallResult.Done;
    }
}

/// <summary>Registers <see cref="GraphQueueEcho"/> in the Graph fixture; it adds no verb and changes no other behaviour.</summary>
internal sealed class GraphQueueTestFeature : IFeatureModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddGraphCallHandler<GraphQueueEcho>();

    public void MapTurns(TurnRoutes routes) { }
}
