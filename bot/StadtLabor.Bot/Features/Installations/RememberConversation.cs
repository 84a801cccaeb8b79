using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>
/// Teams does not always deliver the install event (e.g. the app was installed by policy while we were down).
/// Whoever writes to us is clearly installed, so we store the reference we missed, without a welcome.
/// </summary>
public sealed class RememberConversation(LabDbContext db, TimeProvider time, KnownConversations known) : ITurnObserver
{
    public async Task ObserveAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke)) return;
        var serviceUrl = turn.Activity.ServiceUrl!;
        if (known.IsKnown(turn.ConversationId, serviceUrl)) return;
        var stored = await db.Installations().AsNoTracking()
            .AnyAsync(i => i.ConversationId == turn.ConversationId && i.Active && i.ServiceUrl == serviceUrl, ct);
        if (!stored) await SaveReference.ActivateAsync(db, turn.Activity, time, ct);
        known.Remember(turn.ConversationId, serviceUrl);
    }
}
