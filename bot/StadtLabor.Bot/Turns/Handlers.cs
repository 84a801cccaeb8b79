using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Turns;

/// <summary>Handles a message, a text command or an install event; answers through turn.Reply.</summary>
public interface ITurnHandler
{
    Task HandleAsync(TurnContext turn, CancellationToken ct);
}

/// <summary>Handles a card button (Action.Execute verb). Its result replaces the card for this user.</summary>
public interface IVerbHandler
{
    Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct);
}

/// <summary>Runs on every accepted activity before routing (e.g. remembering a conversation we missed the install of).</summary>
public interface ITurnObserver
{
    Task ObserveAsync(TurnContext turn, CancellationToken ct);
}

public abstract record VerbResult
{
    private VerbResult() { }

    public sealed record Card(JsonObject Content) : VerbResult;
    public sealed record Message(string Text) : VerbResult;

    /// <summary>Bad input or a refused action: Teams shows the message; nothing was changed.</summary>
    public sealed record Refused(int StatusCode, string Code, string Text) : VerbResult;
}
