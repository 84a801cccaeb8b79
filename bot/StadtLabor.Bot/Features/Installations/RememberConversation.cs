using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>
/// Teams does not always deliver the install event (e.g. the app was installed by policy while we were down).
/// Whoever writes to us is clearly installed, so we store the reference we missed, without a welcome.
/// </summary>
public sealed class RememberConversation(LabDbContext db, TimeProvider time) : ITurnObserver
{
    public async Task ObserveAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke)) return;
        var known = await db.Installations().AsNoTracking()
            .AnyAsync(i => i.ConversationId == turn.ConversationId && i.Active && i.ServiceUrl == turn.Activity.ServiceUrl, ct);
        if (!known) await SaveReference.ActivateAsync(db, turn.Activity, time, ct);
    }
}
