using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>"Neuer Gegenstand" (lendingAdmin.itemForm without itemId) shows the empty form; "Bearbeiten" (with itemId) the form prefilled.</summary>
public sealed class ShowItemForm(LabDbContext db, ItemFormCard form) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (data["itemId"] is null || (data["itemId"] is JsonValue v && v.ToString() is "" or "0"))
            return new VerbResult.Card(await form.RenderAsync(turn, ItemForm.Blank(), 0, null, ct));
        if (!CardInput.TryGetId(data, "itemId", out var itemId)) return AdminAnswers.BadRequest(turn);
        var item = await db.LendingItems().AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null) return AdminAnswers.BadRequest(turn);
        var parts = await db.KitParts().AsNoTracking().Where(p => p.KitId == itemId).ToListAsync(ct);
        return new VerbResult.Card(await form.RenderAsync(turn, ItemForm.Of(item, parts), itemId, null, ct));
    }
}
