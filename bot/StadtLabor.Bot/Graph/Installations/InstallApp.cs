using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace StadtLabor.Bot.Graph.Installations;

/// <summary>
/// Installs the Teams app for one person (POST /users/{id}/teamwork/installedApps with the app's catalog id), queued
/// by <see cref="AppInstallations"/> once per person. Teams then sends the bot a conversationUpdate for the new 1:1
/// chat, which the Installations feature stores and which lets the held messages go. 409 Conflict means the app is
/// installed already (by the person, by a policy, or by our earlier attempt whose answer was lost): done, and marked
/// so the outbox opens the chat itself (no conversationUpdate will come for an installation that exists).
/// </summary>
public sealed class InstallApp(InstallPace pace, IOptions<GraphOptions> options) : IGraphCallHandler
{
    public const string KindName = "installations.install";

    /// <summary>The unit of Graph's throttling for installations: the tenant, not a mailbox.</summary>
    public const string Mailbox = "tenant:installations";

    /// <summary>On the done call: Graph answered 409, the app was there already.</summary>
    public const int AlreadyInstalled = 409;

    public static string Key(string tenantId, string userAadObjectId) => $"{KindName}:{tenantId}:{userAadObjectId}";

    public sealed record Payload(string TenantId, string UserAadObjectId);

    public string Kind => KindName;

    public async Task<GraphCallResult> RunAsync(GraphCallContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var payload = context.Payload<Payload>();
        if (options.Value.TeamsAppId is not { Length: > 0 } appId) return GraphCallResult.Dead("Graph:TeamsAppId is not set");
        await pace.WaitAsync(payload.TenantId, ct);
        var installation = new UserScopeTeamsAppInstallation
        {
            // Graph wants the catalog entry as its public URL, whatever address the client itself talks to.
            AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = $"{GraphOptions.PublicBaseUrl}/appCatalogs/teamsApps/{appId}" },
        };
        try
        {
            await context.Graph.Users[payload.UserAadObjectId].Teamwork.InstalledApps.PostAsync(installation, cancellationToken: ct);
        }
        catch (ApiException e) when (e.ResponseStatusCode == AlreadyInstalled)
        {
            var id = context.Call.Id;
            await context.Db.GraphCalls().Where(c => c.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastStatusCode, AlreadyInstalled).SetProperty(c => c.LastError, "409 already installed"), ct);
            // No conversationUpdate comes for an installation that exists: the held messages go now and open the chat.
            await context.Services.GetRequiredService<Outbox.OutboxWriter>().WakeUserAsync(payload.UserAadObjectId, ct);
        }
        return GraphCallResult.Done;
    }
}
