using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>
/// The data of the card lending/catalogue: the offered items ordered by category and name, a page at a time, grouped
/// under their category, each with its next free days from ONE availability snapshot for the whole page and, when units are in
/// maintenance now, a line saying so (one more query for the page).
/// </summary>
public sealed class CatalogueList(CatalogueView view, Availability availability, MaintenanceNotes maintenance)
{
    /// <summary>Rows per page: each row has a photo and up to three buttons, so 10 keep the card far below Teams' message limit.</summary>
    public const int PageSize = 10;

    /// <summary>Up to this many categories the filter is one button each; more get a labelled choice.</summary>
    public const int FilterButtons = 4;

    /// <summary>How many free days a row names.</summary>
    public const int FreeDaysShown = 3;

    /// <summary>The filter choice "Alle Kategorien" (a category is free text, "*" is none the lab team would type).</summary>
    public const string AllCategories = "*";

    /// <summary>The categories of offered items, in reading order ("" for items without one, last).</summary>
    public async Task<List<string>> CategoriesAsync(CancellationToken ct) =>
        Order(await view.Offered().Select(i => i.Category).Distinct().ToListAsync(ct)).ToList();

    public async Task<JsonObject> DataAsync(TurnContext turn, string? category, int page, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var lang = turn.Lang;
        var o = view.Options;
        var now = view.NowUtc;
        // Names and categories only: the catalogue is tens of items, sorted here so both databases show the same order.
        var heads = await view.Offered().Select(i => new { i.Id, i.Name, i.Category }).ToListAsync(ct);
        var categories = Order(heads.Select(h => h.Category).Distinct()).ToList();
        var shown = heads.Where(h => category is null || h.Category == category)
            .OrderBy(h => h.Category.Length == 0).ThenBy(h => h.Category, CatalogueView.NameOrder).ThenBy(h => h.Name, CatalogueView.NameOrder)
            .ToList();
        var total = shown.Count;
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 0, pages - 1);
        var ids = shown.Skip(page * PageSize).Take(PageSize).Select(h => h.Id).ToList();
        var byId = await view.Offered().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var items = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        var context = await view.ContextAsync(turn, items, ct);

        // One snapshot for every row and every day: "next free dates" never cost a query per item or per day.
        var snapshot = await availability.LoadAsync(ids, now, OpenDays.HorizonUtc(now, o), ct);
        var days = OpenDays.Ahead(now, o).ToList();
        // One more query for the page: which rows are in maintenance now, so "no free day" gets its reason.
        var blocked = await maintenance.NowAsync(ids, ct);

        var groups = new JsonArray();
        foreach (var group in items.GroupBy(i => i.Category))
        {
            var rows = new JsonArray();
            foreach (var item in group)
            {
                var row = view.Describe(turn, item, context, CatalogueView.ShortDescription);
                var free = days.Where(d => snapshot.Free(item.Id, d.FromUtc, d.ToUtc) > 0).Take(FreeDaysShown).Select(d => d.Date).ToList();
                row["nextFree"] = free.Count > 0
                    ? turn.Format("lendingCatalogue.nextFree", view.Days(lang, free))
                    : turn.Format("lendingCatalogue.noneFree", o.MaxAdvanceDays);
                var inMaintenance = maintenance.Line(turn, item, blocked);
                row["maintenance"] = inMaintenance;
                row["inMaintenance"] = inMaintenance.Length > 0;
                rows.Add(row);
            }
            groups.Add(new JsonObject { ["heading"] = view.CategoryName(lang, group.Key), ["items"] = rows });
        }

        var buttons = categories.Count >= 2 && categories.Count <= FilterButtons;
        var first = page * PageSize + 1;
        var last = page * PageSize + items.Count;
        var categoryValue = category ?? AllCategories;
        return new JsonObject
        {
            ["hours"] = view.Hours(lang),
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["filtered"] = category is null ? "" : turn.Format("lendingCatalogue.filtered", view.CategoryName(lang, category)),
            ["isFiltered"] = category is not null,
            ["filterButtons"] = new JsonArray([.. (buttons ? categories : []).Where(c => c != category).Select(c => (JsonNode)new JsonObject
            {
                ["category"] = c,
                ["title"] = turn.Format("lendingCatalogue.filterOnly", view.CategoryName(lang, c)),
            })]),
            ["hasFilterButtons"] = buttons,
            ["hasFilterChoice"] = categories.Count > FilterButtons,
            ["filters"] = new JsonArray([.. categories.Select(c => (JsonNode)new JsonObject
            {
                ["value"] = c,
                ["name"] = view.CategoryName(lang, c),
            })]),
            ["selectedCategory"] = categoryValue,
            ["groups"] = groups,
            ["isEmpty"] = total == 0,
            ["emptyText"] = total == 0 ? turn.Word("lendingCatalogue.empty") : "",
            ["pageText"] = turn.Format("lendingCatalogue.page", first, last, total),
            ["hasPages"] = pages > 1,
            ["categoryValue"] = categoryValue,
            ["hasPrevious"] = page > 0,
            ["previousPage"] = (page - 1).ToString(CultureInfo.InvariantCulture),
            ["previousTitle"] = turn.Format("lendingCatalogue.previousPage", first - PageSize, first - 1),
            ["hasNext"] = page < pages - 1,
            ["nextPage"] = (page + 1).ToString(CultureInfo.InvariantCulture),
            ["nextTitle"] = turn.Format("lendingCatalogue.nextPage", last + 1, Math.Min(total, last + PageSize)),
        };
    }

    private static IEnumerable<string> Order(IEnumerable<string> categories) =>
        categories.Distinct(StringComparer.Ordinal).OrderBy(c => c.Length == 0).ThenBy(c => c, CatalogueView.NameOrder);
}
