using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>
/// "Was ist frei?": typed or clicked without dates, the form prefilled with the next open day; submitted, the same
/// card with what is free in that range (<see cref="FreeCard"/>). Reads only, so a click Teams delivers twice is harmless.
/// Typed, it is understood as a text of its own rather than a command: Teams' command menu holds ten entries and the
/// catalogue ("ausleihen") already leads here.
/// </summary>
public sealed class FindFree(FreeCard card) : ITextInterpreter, IVerbHandler
{
    /// <summary>What people type for it, normalised (German first).</summary>
    public static readonly IReadOnlyList<string> Phrases =
        [.. new[] { "was ist frei", "was ist noch frei", "frei", "what is free", "what's free" }.Select(TextCommands.Normalize)];

    /// <summary>Longer texts are questions of their own, not this one.</summary>
    private const int HeadLength = 40;

    public async Task<bool> TryAnswerAsync(TurnContext turn, CancellationToken ct)
    {
        var text = turn.Text.Trim();
        if (text.Length == 0 || text.Length > HeadLength) return false;
        var typed = TextCommands.Normalize(text);
        if (!Phrases.Any(p => typed == p || TextCommands.Distance(typed, p) <= TextCommands.AllowedTypos(p.Length))) return false;
        turn.ReplyCard("lending/findFree", await card.FormAsync(turn, ct));
        return true;
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("lending/findFree", FreeCard.HasRange(data)
            ? await card.DataAsync(turn, data, "", ct)
            : await card.FormAsync(turn, ct)));
}
