using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>Teams answered 403 MessageWritesBlocked or 404: the user blocked or removed us. Stop writing there.</summary>
public sealed class MarkConversationGone(LabDbContext db, TimeProvider time, KnownConversations known) : IConversationGoneListener
{
    public Task ConversationGoneAsync(string conversationId, CancellationToken ct)
    {
        known.Forget(conversationId);
        return SaveReference.DeactivateAsync(db, conversationId, time, ct);
    }
}
