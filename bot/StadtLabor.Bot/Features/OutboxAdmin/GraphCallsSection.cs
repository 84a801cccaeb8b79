using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// The status card's "Microsoft Graph" section (its own Container in cards/outbox/status.json, data under "graph"):
/// calls waiting, calls given up with kind, time, attempts and reason, and "Erneut versuchen" for them.
/// </summary>
public sealed class GraphCallsSection(GraphCallsOverview overview)
{
    /// <summary>A card stays small; the page /labor/status lists more.</summary>
    public const int DeadShown = 5;

    public async Task<JsonObject> DataAsync(TurnContext turn, DateTime nowUtc, CancellationToken ct)
    {
        var counts = await overview.CountsAsync(ct);
        var dead = counts.Dead > 0 ? await overview.DeadAsync(DeadShown, ct) : [];
        var culture = CultureInfo.GetCultureInfo(turn.Lang == "en" ? "en-GB" : "de-DE");
        return new JsonObject
        {
            ["shown"] = overview.Shown(counts),
            ["pending"] = counts.Pending.ToString("N0", culture),
            ["dead"] = counts.Dead.ToString("N0", culture),
            ["hasPending"] = counts.Pending > 0,
            ["hasDead"] = counts.Dead > 0,
            ["oldestPending"] = counts.OldestPendingUtc is { } oldest
                ? turn.Format("graphCalls.oldestPending", Wording.Moment(turn.Lang, oldest, nowUtc)) : "",
            ["deadCalls"] = new JsonArray([.. dead.Select(d => (JsonNode)new JsonObject
            {
                ["title"] = turn.Format("graphCalls.deadTitle", d.Kind, Wording.Moment(turn.Lang, d.GaveUpAtUtc, nowUtc)),
                ["value"] = turn.Format("graphCalls.deadValue", d.Reason ?? turn.Word("graphCalls.noReason"), d.Attempts),
            })]),
        };
    }
}
