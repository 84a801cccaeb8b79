using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Pages.Lending;

/// <summary>How an entry of the calendar stands; the page shows it as a word and a symbol, never by colour alone.</summary>
public enum CalendarState
{
    Requested,
    Reserved,
    Lent,
    Overdue,
    Blocked,
}

/// <summary>One reservation, loan or block in one day's cell.</summary>
public sealed record CalendarEntry(CalendarState State, string Text, string? Href);

/// <summary>One item's row: its cells in the order of <see cref="CalendarGrid.Days"/>.</summary>
public sealed record CalendarRow(long ItemId, string Name, IReadOnlyList<IReadOnlyList<CalendarEntry>> Cells);

public sealed record CalendarGrid(IReadOnlyList<DateOnly> Days, IReadOnlyList<CalendarRow> Rows);

/// <summary>
/// The lab team's lending calendar: items × days (Europe/Berlin) with what holds their units on each day: requests,
/// reservations, loans (a loan past its due date keeps its units until it comes back, so it stays in the calendar up
/// to today, as overdue) and maintenance blocks (open-ended ones until cleared). It only reads; who may do what with
/// an entry is decided by the desk's own use cases behind the links. Borrowers are named as on the desk cards
/// (<see cref="DeskView.Who"/>): the lab team hands the things over, so it sees who has them.
/// </summary>
public sealed class LendingCalendar(LabDbContext db, Strings strings)
{
    public const int Days = 14;

    public async Task<CalendarGrid> LoadAsync(DateOnly from, string lang, DateTime nowUtc, CancellationToken ct)
    {
        var days = Enumerable.Range(0, Days).Select(from.AddDays).ToList();
        var starts = days.Append(from.AddDays(Days)).Select(d => LabTime.StartOfDay(d).UtcDateTime).ToList();
        var (rangeStart, rangeEnd) = (starts[0], starts[^1]);

        var reservations = await db.LendingReservations().AsNoTracking()
            .Where(r => ReservationRule.Occupying.Contains(r.Status) && r.StartsAtUtc < rangeEnd
                && (r.EndsAtUtc > rangeStart || r.Status == ReservationStatus.Lent))
            .OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id).ToListAsync(ct);
        var blocks = await db.MaintenanceBlocks().AsNoTracking()
            .Where(b => b.StartsAtUtc < rangeEnd && (b.EndsAtUtc == null || b.EndsAtUtc > rangeStart)
                && (b.ClearedAtUtc == null || b.ClearedAtUtc > rangeStart))
            .OrderBy(b => b.StartsAtUtc).ThenBy(b => b.Id).ToListAsync(ct);
        var used = reservations.Select(r => r.ItemId).Concat(blocks.Select(b => b.ItemId)).ToHashSet();
        var items = await db.LendingItems().AsNoTracking()
            .Where(i => i.RetiredAtUtc == null || used.Contains(i.Id))
            .Select(i => new { i.Id, i.Name }).ToListAsync(ct);

        var spans = new List<(long ItemId, DateTime Start, DateTime End, CalendarEntry Entry)>();
        foreach (var r in reservations)
        {
            var overdue = r.Status == ReservationStatus.Lent && r.EndsAtUtc < nowUtc;
            var state = r.Status switch
            {
                ReservationStatus.Requested => CalendarState.Requested,
                ReservationStatus.Confirmed => CalendarState.Reserved,
                _ => overdue ? CalendarState.Overdue : CalendarState.Lent,
            };
            var text = DeskView.Who(strings, lang, r) + Times(r.Quantity);
            var href = r.Status == ReservationStatus.Lent ? LendingLinks.Return(r.Id) : LendingLinks.Handover(r.Id);
            spans.Add((r.ItemId, r.StartsAtUtc, overdue ? nowUtc : r.EndsAtUtc, new CalendarEntry(state, text, href)));
        }
        foreach (var b in blocks)
        {
            var end = b.ClearedAtUtc is { } cleared && (b.EndsAtUtc is null || cleared < b.EndsAtUtc) ? cleared : b.EndsAtUtc ?? DateTime.MaxValue;
            var text = strings.Get(lang, BlockList.ReasonKey(b.Reason)) + Times(b.Quantity);
            spans.Add((b.ItemId, b.StartsAtUtc, end, new CalendarEntry(CalendarState.Blocked, text, null)));
        }

        var byItem = spans.ToLookup(s => s.ItemId);
        var culture = Strings.Culture(lang);
        var rows = items.OrderBy(i => i.Name, StringComparer.Create(culture, ignoreCase: true)).Select(i =>
        {
            var cells = new List<IReadOnlyList<CalendarEntry>>(Days);
            var linked = new HashSet<CalendarEntry>(ReferenceEqualityComparer.Instance);
            for (var d = 0; d < Days; d++)
                // The link only in an entry's first cell: one tab stop per reservation, not one per day.
                cells.Add([.. byItem[i.Id].Where(s => s.Start < starts[d + 1] && s.End > starts[d])
                    .Select(s => linked.Add(s.Entry) ? s.Entry : s.Entry with { Href = null })]);
            return new CalendarRow(i.Id, CardText.Plain(i.Name), cells);
        }).ToList();
        return new CalendarGrid(days, rows);
    }

    private static string Times(int quantity) => quantity == 1 ? "" : " ×" + quantity.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The addresses of the lending pages (the header's link, /labor/ausleihe, is fixed in PageNav).</summary>
public static class LendingLinks
{
    public const string Calendar = "/labor/ausleihe";

    public static string CalendarFrom(DateOnly from) => Calendar + "?von=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Handover(long reservationId) => Calendar + "/uebergabe/" + reservationId.ToString(CultureInfo.InvariantCulture);

    public static string Return(long reservationId) => Calendar + "/rueckgabe/" + reservationId.ToString(CultureInfo.InvariantCulture);

    /// <summary>"Wartung eintragen", the item preselected when given.</summary>
    public static string Block(long? itemId = null) =>
        Calendar + "/wartung" + (itemId is { } id ? "?geraet=" + id.ToString(CultureInfo.InvariantCulture) : "");
}
