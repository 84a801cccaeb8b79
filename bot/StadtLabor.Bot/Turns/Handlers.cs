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

/// <summary>
/// Reads a typed text that no command matched, before the fallback (the menu) answers: a feature that recognises
/// what the text asks for ("Wann ist die nächste Miro-Schulung?") answers through turn.Reply and returns true.
/// Reads only a bounded head of the text, and never logs it.
/// </summary>
public interface ITextInterpreter
{
    Task<bool> TryAnswerAsync(TurnContext turn, CancellationToken ct);
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

/// <summary>
/// A message-extension action on a Teams message (its "…" menu, manifest composeExtensions with context "message"):
/// Teams asks for the dialog (<c>composeExtension/fetchTask</c>), then sends what the person filled in
/// (<c>composeExtension/submitAction</c>). Both must be answered within 5 seconds. The message the action started from
/// is in the invoke's <c>messagePayload</c> (untrusted, like all card data).
/// </summary>
public interface IMessageActionHandler
{
    Task<DialogResult> FetchAsync(TurnContext turn, JsonObject value, CancellationToken ct);

    /// <param name="data">The dialog card's submitted inputs (value.data).</param>
    Task<DialogResult> SubmitAsync(TurnContext turn, JsonObject value, JsonObject data, CancellationToken ct);
}

public abstract record DialogResult
{
    private DialogResult() { }

    /// <summary>Shows (or keeps showing) the dialog with this card.</summary>
    public sealed record Card(JsonObject Content, string Title) : DialogResult;

    /// <summary>Closes the dialog and shows this short text.</summary>
    public sealed record Message(string Text) : DialogResult;
}
