namespace StadtLabor.Bot.Connector;

/// <summary>What happened to an outgoing call. Expected outcomes are values; exceptions are for bugs.</summary>
public abstract record SendResult
{
    private SendResult() { }

    /// <summary>Delivered; Id (activity or conversation id) lets us update the message later (null for non-message calls).</summary>
    public sealed record Sent(string? Id) : SendResult;

    /// <summary>Still 429 after our retries (or Retry-After longer than we wait in-line): try again later.</summary>
    public sealed record Throttled(TimeSpan? RetryAfter) : SendResult;

    /// <summary>The user blocked or removed the bot, or the conversation is gone. Never retry.</summary>
    public sealed record RecipientGone(int Status, string? Code) : SendResult;

    /// <summary>Anything else: a transient failure after bounded retries, or a request Teams refused.</summary>
    public sealed record Failed(int? Status, string Reason) : SendResult;
}
