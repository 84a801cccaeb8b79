using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Pages;

/// <summary>
/// The sign-in without Entra gets anonymous mode's start check (AnonymousModeGuard): once Kestrel has bound, an
/// address others can reach stops the start. Refusing only at request time would leave a port open that answers
/// "who are you?" with "the developer" to anyone whose proxy strips the forwarding headers.
/// </summary>
internal sealed class DevelopmentSignInGuard(IOptions<PagesOptions> pages, IServer server) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(pages.Value.DevelopmentSignInObjectId)) return Task.CompletedTask;
        var exposed = AnonymousModeGuard.ExposedAddresses(server);
        if (exposed.Count > 0)
            throw new InvalidOperationException(
                $"Pages:DevelopmentSignInObjectId is set but the app listens on {string.Join(", ", exposed)}, which others can reach. " +
                "The sign-in without Entra is for ./run.sh on this machine: listen on http://127.0.0.1:<port> only (--urls or ASPNETCORE_URLS; unset ASPNETCORE_HTTP_PORTS), or remove Pages__DevelopmentSignInObjectId.");
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
