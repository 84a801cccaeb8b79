using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>The app was removed: keep the row (history, re-install) but never message that conversation again.</summary>
public sealed class Uninstall(LabDbContext db, TimeProvider time, KnownConversations known) : ITurnHandler
{
    public Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        known.Forget(turn.ConversationId);
        return SaveReference.DeactivateAsync(db, turn.ConversationId, time, ct);
    }
}
