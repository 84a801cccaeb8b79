using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>
/// The data of the card lending/findFree: the form (pickup and return, prefilled with the next open day), the lab's
/// opening hours, and once a range is entered, what is free in it: every offered item with its free units, grouped by
/// category; for one that is not free the nearest free range of the same length and similar free items. Broken time
/// rules stand under their field and above the button, with the person's input kept. One snapshot for the card.
/// Shared by <see cref="FindFree"/> and <see cref="WatchItem"/> (which answers with this card refreshed).
/// </summary>
public sealed class FreeCard(LabDbContext db, CatalogueView view, Availability availability)
{
    /// <summary>Results per page: a row has one or two buttons and a few lines, so 20 stay well inside Teams' message limit.</summary>
    public const int PageSize = 20;

    private static readonly string[] Fields = [LendingRange.FromDate, LendingRange.FromTime, LendingRange.ToDate, LendingRange.ToTime];

    /// <summary>Which field a broken time rule belongs under: pickup rules under the pickup date, the rest under the return.</summary>
    private static readonly Dictionary<string, string> RuleField = new(StringComparer.Ordinal)
    {
        [ReservationRules.LeadTime] = LendingRange.FromDate,
        [ReservationRules.MaxAdvance] = LendingRange.FromDate,
        [ReservationRules.PickupDay] = LendingRange.FromDate,
        [ReservationRules.PickupHours] = LendingRange.FromTime,
        [ReservationRules.ReturnHours] = LendingRange.ToTime,
    };

    /// <summary>Whether the submit carries a range at all (the button without fields only opens the form).</summary>
    public static bool HasRange(JsonObject data) => Fields.Any(data.ContainsKey);

    /// <summary>The form prefilled with the next open day, no results.</summary>
    public Task<JsonObject> FormAsync(TurnContext turn, CancellationToken ct)
    {
        var form = new JsonObject();
        OpenDays.DefaultRange(view.NowUtc, view.Options).WriteTo(form);
        return Task.FromResult(Card(turn, form, new Dictionary<string, string>(), [], null, ""));
    }

    /// <summary>The card for a submitted range: field messages, or the results; <paramref name="notice"/> on top.</summary>
    public async Task<JsonObject> DataAsync(TurnContext turn, JsonObject data, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        var form = new JsonObject();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            var text = CardInput.Text(data, field);
            var isDate = field is LendingRange.FromDate or LendingRange.ToDate;
            var ok = isDate
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                : TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            // A date picker cannot show what it cannot read: a garbled value is said under the field, the field left empty.
            form[field] = ok ? text : "";
            if (!ok) errors[field] = turn.Word(isDate ? "lendingCatalogue.free.dateMissing" : "lendingCatalogue.free.timeMissing");
        }
        if (errors.Count > 0 || !LendingRange.TryRead(data, out var range))
            return Card(turn, form, errors, [.. errors.Values.Distinct()], null, notice);

        var broken = ReservationRules.TimeRules(null, range, view.NowUtc, view.Options, turn.Lang);
        if (broken.Count > 0)
        {
            var messages = broken.Select(b => (Field: RuleField.GetValueOrDefault(b.Rule, LendingRange.ToDate), Text: RuleText(turn, b))).ToList();
            foreach (var group in messages.GroupBy(m => m.Field)) errors[group.Key] = string.Join(" ", group.Select(m => m.Text));
            return Card(turn, form, errors, [.. messages.Select(m => m.Text)], null, notice);
        }
        var page = CardInput.WholeNumber(data, "page") ?? 0;
        return Card(turn, form, errors, [], await ResultsAsync(turn, range, page, ct), notice);
    }

    /// <summary>A broken rule in words (lendingRules.*), with its values.</summary>
    public static string RuleText(TurnContext turn, BrokenRule rule)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(rule);
        return turn.Format($"lendingRules.{rule.Rule}", rule.Values);
    }

    private async Task<JsonObject> ResultsAsync(TurnContext turn, LendingRange range, int page, CancellationToken ct)
    {
        var now = view.NowUtc;
        var o = view.Options;
        var lang = turn.Lang;
        var offered = (await view.Offered().ToListAsync(ct))
            .OrderBy(i => i.Category.Length == 0).ThenBy(i => i.Category, CatalogueView.NameOrder).ThenBy(i => i.Name, CatalogueView.NameOrder)
            .ToList();
        // One window for the range and every candidate of the nearest-range search (pickup at most MaxAdvanceDays ahead).
        var windowFrom = range.FromUtc < now ? range.FromUtc : now;
        var searchTo = OpenDays.HorizonUtc(now, o) + (range.ToUtc - range.FromUtc) + TimeSpan.FromDays(1);
        var windowTo = range.ToUtc > searchTo ? range.ToUtc : searchTo;
        var snapshot = await availability.LoadAsync([.. offered.Select(i => i.Id)], windowFrom, windowTo, ct);
        var free = offered.ToDictionary(i => i.Id, i => snapshot.Free(i.Id, range.FromUtc, range.ToUtc));

        var user = turn.UserAadObjectId ?? "";
        var watched = (await db.LendingWatches().AsNoTracking()
            .Where(w => w.UserAadObjectId == user && w.NotifiedAtUtc == null && w.FromUtc == range.FromUtc && w.ToUtc == range.ToUtc)
            .Select(w => w.ItemId).ToListAsync(ct)).ToHashSet();

        var pages = Math.Max(1, (offered.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 0, pages - 1);
        var shown = offered.Skip(page * PageSize).Take(PageSize).ToList();
        var groups = new JsonArray();
        foreach (var group in shown.GroupBy(i => i.Category))
        {
            var rows = new JsonArray();
            foreach (var item in group) rows.Add(Row(turn, item, range, free, offered, snapshot, watched.Contains(item.Id), windowFrom, windowTo));
            groups.Add(new JsonObject { ["heading"] = view.CategoryName(lang, group.Key), ["items"] = rows });
        }

        var first = page * PageSize + 1;
        var last = page * PageSize + shown.Count;
        return new JsonObject
        {
            ["shown"] = true,
            ["title"] = turn.Format("lendingCatalogue.free.results", range.Text(lang)),
            ["groups"] = groups,
            ["isEmpty"] = offered.Count == 0,
            ["emptyText"] = offered.Count == 0 ? turn.Word("lendingCatalogue.free.nothing") : "",
            ["hasPages"] = pages > 1,
            ["pageText"] = turn.Format("lendingCatalogue.page", first, last, offered.Count),
            ["hasPrevious"] = page > 0,
            ["previousTitle"] = turn.Format("lendingCatalogue.previousPage", first - PageSize, first - 1),
            ["previousData"] = PageData(range, page - 1),
            ["hasNext"] = page < pages - 1,
            ["nextTitle"] = turn.Format("lendingCatalogue.nextPage", last + 1, Math.Min(offered.Count, last + PageSize)),
            ["nextData"] = PageData(range, page + 1),
        };
    }

    private JsonObject Row(TurnContext turn, LendingItem item, LendingRange range, Dictionary<long, int> free, List<LendingItem> offered,
        AvailabilitySnapshot snapshot, bool watching, DateTime windowFrom, DateTime windowTo)
    {
        var now = view.NowUtc;
        var o = view.Options;
        var lang = turn.Lang;
        var buttonName = CardText.Plain(item.Name, CatalogueView.MaxButtonName);
        // The item's own limits (a shorter longest loan) may rule the range out although the lab's do not.
        var own = ReservationRules.TimeRules(item, range, now, o, lang);
        var units = free[item.Id];
        var isFree = own.Count == 0 && units > 0;
        var notFree = own.Count == 0 && units == 0;
        var nearest = notFree ? FreeSearch.Nearest(snapshot, item, range, now, o, windowFrom, windowTo) : null;
        var similar = notFree ? FreeSearch.Similar(offered, item, free, range, now, o) : [];
        return new JsonObject
        {
            ["name"] = CardText.Plain(item.Name, LendingLimits.Name),
            ["status"] = own.Count > 0 ? RuleText(turn, own[0])
                : isFree ? turn.Format("lendingCatalogue.free.freeCount", units, item.Quantity)
                : turn.Word("lendingCatalogue.free.notFree"),
            ["isFree"] = isFree,
            ["nearest"] = !notFree ? ""
                : nearest is { } n ? turn.Format("lendingCatalogue.free.nearest", n.Text(lang))
                : turn.Format("lendingCatalogue.free.noNearest", o.MaxAdvanceDays),
            ["hasNearest"] = notFree,
            ["similar"] = similar.Count == 0 ? "" : turn.Format("lendingCatalogue.free.similar",
                string.Join(", ", similar.Select(s => turn.Format("lendingCatalogue.free.similarItem", CardText.Plain(s.Item.Name, LendingLimits.Name), s.Free)))),
            ["hasSimilar"] = similar.Count > 0,
            ["reserveTitle"] = turn.Format("lendingCatalogue.reserveOf", buttonName),
            ["reserve"] = ButtonData(item.Id, range),
            ["canReserveNearest"] = nearest is not null,
            ["reserveNearestTitle"] = turn.Format("lendingCatalogue.free.reserveNearestOf", buttonName),
            ["reserveNearest"] = ButtonData(item.Id, nearest ?? range),
            ["canWatch"] = notFree && !watching,
            ["watchTitle"] = turn.Format("lendingCatalogue.free.watchOf", buttonName),
            ["watch"] = ButtonData(item.Id, range),
            ["watching"] = notFree && watching,
            ["watchingText"] = turn.Word("lendingCatalogue.free.watching"),
            ["hasButtons"] = isFree || nearest is not null || (notFree && !watching),
        };
    }

    private JsonObject Card(TurnContext turn, JsonObject form, IReadOnlyDictionary<string, string> errors, IReadOnlyList<string> summary,
        JsonObject? results, string notice)
    {
        var err = new JsonObject();
        foreach (var field in Fields)
        {
            var text = errors.GetValueOrDefault(field, "");
            err[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 };
        }
        return new JsonObject
        {
            ["hours"] = view.Hours(turn.Lang),
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["form"] = form,
            ["err"] = err,
            ["errors"] = new JsonArray([.. summary.Select(s => (JsonNode)new JsonObject { ["text"] = s })]),
            ["hasErrors"] = summary.Count > 0,
            ["hasResults"] = results is not null,
            ["results"] = results ?? new JsonObject
            {
                ["shown"] = false, ["title"] = "", ["groups"] = new JsonArray(), ["isEmpty"] = false, ["emptyText"] = "", ["hasPages"] = false, ["pageText"] = "",
                ["hasPrevious"] = false, ["previousTitle"] = "", ["previousData"] = new JsonObject(),
                ["hasNext"] = false, ["nextTitle"] = "", ["nextData"] = new JsonObject(),
            },
        };
    }

    /// <summary>The item and the range a button carries (reserve, watch), as the card fields LendingRange reads.</summary>
    public static JsonObject ButtonData(long itemId, LendingRange range)
    {
        var data = new JsonObject { ["itemId"] = itemId.ToString(CultureInfo.InvariantCulture) };
        range.WriteTo(data);
        return data;
    }

    private static JsonObject PageData(LendingRange range, int page)
    {
        var data = new JsonObject { ["page"] = page.ToString(CultureInfo.InvariantCulture) };
        range.WriteTo(data);
        return data;
    }
}
