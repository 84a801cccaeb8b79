using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// The data of lendingAdmin/items: every item and kit by category (retired ones last in their category and marked),
/// with quantity and what it needs, each with "Bearbeiten" and "Ausmustern"; a page holds at most
/// <see cref="PageSize"/> rows so the card stays well under Teams' message size. Saving and retiring answer with it.
/// </summary>
public sealed class ItemList(LabDbContext db)
{
    public const int PageSize = 20;

    public async Task<JsonObject> DataAsync(TurnContext turn, int page, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var total = await db.LendingItems().CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        // Ordered in the database by the columns as stored; the lab has tens of items, not thousands.
        var items = await db.LendingItems().AsNoTracking()
            .OrderBy(i => i.Category).ThenBy(i => i.RetiredAtUtc != null).ThenBy(i => i.Name).ThenBy(i => i.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = items.Select(i => i.Id).ToList();
        var parts = await db.KitParts().AsNoTracking().Where(p => ids.Contains(p.KitId)).ToListAsync(ct);
        var partIds = parts.Select(p => p.PartId).Distinct().ToList();
        var partNames = await db.LendingItems().AsNoTracking().Where(i => partIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        var toolIds = items.Where(i => i.RequiredToolId != null).Select(i => i.RequiredToolId!.Value).Distinct().ToList();
        var tools = await db.TrainingTools().AsNoTracking().Where(t => toolIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);

        JsonObject Row(LendingItem i)
        {
            var flags = new List<string>();
            if (i.IsKit)
            {
                var lines = parts.Where(p => p.KitId == i.Id).OrderBy(p => partNames.GetValueOrDefault(p.PartId, ""), StringComparer.CurrentCultureIgnoreCase)
                    .Select(p => turn.Format("lendingAdmin.items.partLine", p.Count, partNames.GetValueOrDefault(p.PartId, "")));
                flags.Add(turn.Format("lendingAdmin.items.kit", string.Join(", ", lines)));
            }
            if (!i.LendableAlone) flags.Add(turn.Word("lendingAdmin.items.onlyInKit"));
            if (i.NeedsApproval) flags.Add(turn.Word("lendingAdmin.items.needsApproval"));
            if (i.RequiredToolId is { } tool) flags.Add(turn.Format("lendingAdmin.items.needsTraining", tools.GetValueOrDefault(tool, "")));
            if (i.MaxDays is { } days) flags.Add(turn.Format("lendingAdmin.items.maxDays", days));
            if (i.MaxPerPerson is { } most) flags.Add(turn.Format("lendingAdmin.items.maxPerPerson", most));
            if (i.PhotoUrl.Length > 0) flags.Add(turn.Word("lendingAdmin.items.hasPhoto"));
            var name = CardText.Plain(i.Name, 60);
            return new JsonObject
            {
                ["id"] = i.Id,
                ["name"] = CardText.Plain(i.Name),
                ["quantity"] = turn.Format("lendingAdmin.items.quantity", i.Quantity),
                ["flags"] = CardText.Plain(string.Join(" · ", flags), 1000),
                ["hasFlags"] = flags.Count > 0,
                ["retired"] = i.IsRetired,
                ["active"] = !i.IsRetired,
                ["retiredText"] = i.RetiredAtUtc is { } at ? turn.Format("lendingAdmin.items.retired", TrainingTime.Moment(turn.Lang, at)) : "",
                // Button titles are plain text (no markdown); names are unique, so no two buttons read the same.
                ["editTitle"] = turn.Format("lendingAdmin.items.edit", name),
                ["retireTitle"] = turn.Format("lendingAdmin.items.retire", name),
            };
        }

        var categories = items.GroupBy(i => i.Category).Select(g => (JsonNode)new JsonObject
        {
            ["name"] = g.Key.Length > 0 ? CardText.Plain(g.Key) : turn.Word("lendingAdmin.items.noCategory"),
            ["items"] = new JsonArray([.. g.Select(i => (JsonNode)Row(i))]),
        });
        return new JsonObject
        {
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["categories"] = new JsonArray([.. categories]),
            ["empty"] = total == 0,
            ["pageText"] = pages > 1 ? turn.Format("lendingAdmin.items.page", page, pages) : "",
            ["hasPages"] = pages > 1,
            ["hasPrevious"] = page > 1,
            ["hasNext"] = page < pages,
            ["previousPage"] = page - 1,
            ["nextPage"] = page + 1,
            ["previousTitle"] = turn.Format("lendingAdmin.items.previous", page - 1),
            ["nextTitle"] = turn.Format("lendingAdmin.items.next", page + 1),
        };
    }
}
