using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Connector;

/// <summary>
/// Refuses to run the anonymous development mode on a port others can reach. It reads the addresses Kestrel actually
/// bound once it has started (the server addresses feature), not the settings: that covers --urls, ASPNETCORE_URLS,
/// ASPNETCORE_HTTP_PORTS (set by the .NET container images, binds every interface), Kestrel:Endpoints and code alike.
/// Requests that arrive between binding and this check are refused by the same rule in MessagesEndpoint.
/// </summary>
internal sealed class AnonymousModeGuard(IOptions<BotOptions> options, IServer server) : IHostedLifecycleService
{
    public static IReadOnlyList<string> ExposedAddresses(IServer server) =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses.Where(a => !SecurityChecks.IsLoopbackBinding(a)).ToList() ?? [];

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.DangerouslyAllowAnonymous) return Task.CompletedTask;
        var exposed = ExposedAddresses(server);
        if (exposed.Count > 0)
            throw new InvalidOperationException(
                $"Bot:DangerouslyAllowAnonymous is true but the bot listens on {string.Join(", ", exposed)}, which others can reach. " +
                "Anonymous mode is for the Agents Playground on this machine: listen on http://127.0.0.1:<port> only (--urls or ASPNETCORE_URLS; unset ASPNETCORE_HTTP_PORTS), or turn anonymous mode off.");
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
