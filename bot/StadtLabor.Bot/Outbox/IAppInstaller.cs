namespace StadtLabor.Bot.Outbox;

/// <summary>What the outbox does for a person whose 1:1 chat it does not know (see <see cref="IAppInstaller"/>).</summary>
public abstract record ReachStep
{
    private ReachStep() { }

    /// <summary>Create the 1:1 chat through the connector (works when the person has the app): the way without Graph.</summary>
    public static readonly ReachStep OpenChat = new OpenChatStep();

    /// <summary>The app is being installed for the person: hold the message (no attempt lost) until then at the latest.</summary>
    public static ReachStep Wait(DateTime untilUtc, string why) => new WaitStep(untilUtc, why);

    /// <summary>The person cannot be reached (installation refused, or Teams never announced the chat): the message fails visibly.</summary>
    public static ReachStep GiveUp(string why) => new GiveUpStep(why);

    public sealed record OpenChatStep : ReachStep;
    public sealed record WaitStep(DateTime UntilUtc, string Why) : ReachStep;
    public sealed record GiveUpStep(string Why) : ReachStep;
}

/// <summary>
/// Graph:InstallForUsers: before the outbox writes to a person it has no chat with, the app is installed for them
/// (Graph/Installations) and the message waits for Teams' conversationUpdate, which brings the chat
/// (<see cref="OutboxWriter.WakeUserAsync"/> lets it go at once). Without Graph the outbox opens the chat as always.
/// </summary>
public interface IAppInstaller
{
    Task<ReachStep> ReachAsync(string tenantId, string userAadObjectId, CancellationToken ct);
}

/// <summary>The default: nobody gets the app installed; the outbox creates the chat (which fails for someone without the app).</summary>
internal sealed class NoAppInstaller : IAppInstaller
{
    public Task<ReachStep> ReachAsync(string tenantId, string userAadObjectId, CancellationToken ct) => Task.FromResult(ReachStep.OpenChat);
}
