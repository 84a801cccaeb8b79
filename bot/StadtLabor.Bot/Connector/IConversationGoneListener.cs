namespace StadtLabor.Bot.Connector;

/// <summary>
/// Told when Teams says a conversation is gone (blocked, uninstalled); the Installations feature marks it inactive.
/// Lives in the Connector so the reply path and the outbox need no knowledge of features.
/// </summary>
public interface IConversationGoneListener
{
    Task ConversationGoneAsync(string conversationId, CancellationToken ct);
}
