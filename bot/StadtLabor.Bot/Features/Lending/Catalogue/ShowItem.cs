using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>
/// "Details" of one item: the whole description, the parts of a kit, what it needs, and the next open days with how
/// many units are free on each (one availability snapshot), the units in maintenance now, with the button to reserve it.
/// </summary>
public sealed class ShowItem(CatalogueView view, Availability availability, MaintenanceNotes maintenance) : IVerbHandler
{
    /// <summary>Open days listed: two working weeks, enough to plan a workshop.</summary>
    public const int DaysShown = 10;

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "itemId", out var itemId)) return CatalogueView.Error(turn, "lendingCatalogue.badRequest");
        var item = await view.Offered().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null) return CatalogueView.Error(turn, "lendingCatalogue.unknownItem");

        var now = view.NowUtc;
        var o = view.Options;
        var context = await view.ContextAsync(turn, [item], ct);
        var snapshot = await availability.LoadAsync([item.Id], now, OpenDays.HorizonUtc(now, o), ct);
        var days = new JsonArray();
        foreach (var day in OpenDays.Ahead(now, o).Take(DaysShown))
        {
            var free = snapshot.Free(item.Id, day.FromUtc, day.ToUtc);
            days.Add(new JsonObject
            {
                ["title"] = Wording.Day(turn.Lang, day.Date, now),
                ["value"] = free > 0 ? turn.Format("lendingCatalogue.item.dayFree", free, item.Quantity) : turn.Word("lendingCatalogue.item.dayNone"),
            });
        }

        var card = view.Describe(turn, item, context, LendingLimits.Description);
        var inMaintenance = maintenance.Line(turn, item, await maintenance.NowAsync([item.Id], ct));
        card["maintenance"] = inMaintenance;
        card["inMaintenance"] = inMaintenance.Length > 0;
        card["category"] = turn.Format("lendingCatalogue.item.category", view.CategoryName(turn.Lang, item.Category));
        card["maxDays"] = turn.Format("lendingCatalogue.maxDays", item.MaxDays ?? o.MaxDays);
        card["hours"] = view.Hours(turn.Lang);
        card["daysTitle"] = turn.Format("lendingCatalogue.item.days", days.Count);
        card["days"] = days;
        card["hasDays"] = days.Count > 0;
        card["noDays"] = days.Count == 0 ? turn.Format("lendingCatalogue.noneFree", o.MaxAdvanceDays) : "";
        return new VerbResult.Card(turn.Card("lending/item", card));
    }
}
