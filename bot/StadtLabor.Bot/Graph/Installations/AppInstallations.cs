using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Graph.Installations;

/// <summary>
/// Graph:InstallForUsers: what the outbox does for a person it has no 1:1 chat with. The first message queues the
/// installation (<see cref="InstallApp"/>, once per person: a second survey finds it queued or done) and every message
/// to the person waits, without losing an attempt, until Teams' conversationUpdate brings the chat (the Installations
/// feature then wakes them) or, as a safety net, until the next look. Bounded: after <see cref="MaxWait"/> from the
/// installation request, or when Graph refused it, the message fails visibly (dead, with the reason, for the lab team).
/// A person who removed the app is not given it again: the outbox tries as before, and Teams says they are gone.
/// </summary>
public sealed class AppInstallations(LabDbContext db, GraphCallWriter calls, IConversationDirectory directory, IOptions<GraphOptions> options,
    TimeProvider time) : IAppInstaller
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(24);

    /// <summary>How often a held message looks again by itself, in case the wake-up was missed (e.g. a race with the claim).</summary>
    public static readonly TimeSpan LookAgain = TimeSpan.FromMinutes(10);

    public const string Waiting = "waiting for the app to be installed (Graph) and Teams to announce the chat";

    public async Task<ReachStep> ReachAsync(string tenantId, string userAadObjectId, CancellationToken ct)
    {
        if (!options.Value.InstallForUsers) return ReachStep.OpenChat;
        if (await directory.RemovedAppAsync(tenantId, userAadObjectId, ct)) return ReachStep.OpenChat;
        var now = time.GetUtcNow().UtcDateTime;
        var key = InstallApp.Key(tenantId, userAadObjectId);
        var call = await db.GraphCalls().AsNoTracking().Where(c => c.DedupeKey == key)
            .Select(c => new { c.Status, c.CreatedAtUtc, c.LastStatusCode, c.LastError }).SingleOrDefaultAsync(ct);
        if (call is null)
        {
            // Saved with the message's postponement, in the dispatcher's unit of work.
            await calls.EnqueueAsync(InstallApp.KindName, key, key, InstallApp.Mailbox, new InstallApp.Payload(tenantId, userAadObjectId), ct);
            return ReachStep.Wait(now + LookAgain, Waiting);
        }
        if (call.Status == GraphCallStatus.Dead) return ReachStep.GiveUp($"the app could not be installed for the person ({call.LastError})");
        if (call.Status == GraphCallStatus.Done && call.LastStatusCode == InstallApp.AlreadyInstalled) return ReachStep.OpenChat;
        var deadline = call.CreatedAtUtc + MaxWait;
        if (now >= deadline)
        {
            return ReachStep.GiveUp(call.Status == GraphCallStatus.Done
                ? "the app was installed, but Teams did not announce the chat within 24 hours"
                : "the app could not be installed within 24 hours");
        }
        return ReachStep.Wait(now + LookAgain < deadline ? now + LookAgain : deadline, Waiting);
    }
}
