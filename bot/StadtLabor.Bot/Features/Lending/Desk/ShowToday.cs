using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>"Heute" (lab team): today's pickups, returns and overdue loans, each with its button.</summary>
public sealed class ShowToday(TodayOverview overview, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(await CardAsync(turn, overview, time, "", ct));

    /// <summary>The card after a handover or return too: the desk goes back to its list with a line on what was done.</summary>
    internal static async Task<JsonObject> CardAsync(TurnContext turn, TodayOverview overview, TimeProvider time, string notice, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var result = await overview.LoadAsync(LabTime.BerlinDate(now), turn.Lang, now.UtcDateTime, notice, ct);
        return turn.Card("lendingAdmin/today", result.Data);
    }
}
