using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>One line of the checklist as the card shows it: a part (or the item itself) and how many belong to the loan.</summary>
public sealed record ExpectedLine(long ItemId, string Name, int Expected);

/// <summary>What the lab team entered for a line.</summary>
public sealed record CountedLine(long ItemId, int Counted, int Damaged, string Note);

/// <summary>
/// The parts checklist of handover and return. At handover a kit lists its parts (the part's count × the reserved
/// quantity), a single device itself × the quantity; at return the expected numbers are what was counted at
/// handover, so a part that was already missing when it left is not blamed on the borrower. Card fields per line:
/// count_&lt;itemId&gt;, damaged_&lt;itemId&gt; (return only) and note_&lt;itemId&gt;; all untrusted.
/// </summary>
public sealed class Checklist(LabDbContext db, Strings strings)
{
    public async Task<List<ExpectedLine>> HandoverLinesAsync(LendingReservation r, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var parts = await db.KitParts().AsNoTracking().Where(p => p.KitId == r.ItemId).ToListAsync(ct);
        var lines = parts.Count == 0
            ? [(r.ItemId, r.Quantity)]
            : parts.Select(p => (p.PartId, p.Count * r.Quantity)).ToList();
        var names = await DeskView.NamesAsync(db, lines.Select(l => l.Item1), ct);
        return [.. lines.Select(l => new ExpectedLine(l.Item1, names.GetValueOrDefault(l.Item1, ""), l.Item2)).OrderBy(l => l.Name, StringComparer.CurrentCulture)];
    }

    public async Task<List<ExpectedLine>> ReturnLinesAsync(LendingReservation r, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var handedOver = await LinesAsync(r.Id, CheckKind.Handover, ct);
        // Lent before the desk kept checklists (or written directly): the parts list is the best expectation.
        if (handedOver.Count == 0) return await HandoverLinesAsync(r, ct);
        var names = await DeskView.NamesAsync(db, handedOver.Select(l => l.ItemId), ct);
        return [.. handedOver.Select(l => new ExpectedLine(l.ItemId, names.GetValueOrDefault(l.ItemId, ""), l.Counted)).OrderBy(l => l.Name, StringComparer.CurrentCulture)];
    }

    public Task<List<CheckLine>> LinesAsync(long reservationId, CheckKind kind, CancellationToken ct) =>
        db.LendingCheckLines().AsNoTracking().Where(l => l.ReservationId == reservationId && l.Kind == kind).OrderBy(l => l.Id).ToListAsync(ct);

    /// <summary>Reads the counts; errors by item id (the message under the field). Only lines of the checklist are read.</summary>
    public List<CountedLine> Read(JsonObject data, IReadOnlyList<ExpectedLine> lines, bool withDamaged, string lang, Dictionary<long, string> errors)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(errors);
        var read = new List<CountedLine>();
        foreach (var line in lines)
        {
            var counted = CardInput.WholeNumber(data, CountId(line.ItemId));
            var damaged = withDamaged ? CardInput.WholeNumber(data, DamagedId(line.ItemId)) ?? 0 : 0;
            var note = CardInput.Text(data, NoteId(line.ItemId));
            if (counted is null || counted < 0 || counted > line.Expected)
                errors[line.ItemId] = strings.Format(lang, "lendingDesk.check.countRange", CardText.Plain(line.Name), line.Expected);
            else if (damaged < 0 || damaged > counted)
                errors[line.ItemId] = strings.Format(lang, "lendingDesk.check.damagedRange", CardText.Plain(line.Name), counted);
            else if (note.Length > LendingLimits.Note)
                errors[line.ItemId] = strings.Format(lang, "lendingDesk.check.noteTooLong", LendingLimits.Note);
            read.Add(new CountedLine(line.ItemId, counted ?? 0, damaged, note));
        }
        return read;
    }

    /// <summary>The rows of the form: prefilled with what was entered, else with the expected count (nothing missing).</summary>
    public JsonArray FormRows(IReadOnlyList<ExpectedLine> lines, JsonObject? entered, IReadOnlyDictionary<long, string> errors, string lang)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rows = new JsonArray();
        foreach (var line in lines)
        {
            var name = CardText.Plain(line.Name);
            var counted = entered is null ? line.Expected : CardInput.WholeNumber(entered, CountId(line.ItemId)) ?? line.Expected;
            var damaged = entered is null ? 0 : CardInput.WholeNumber(entered, DamagedId(line.ItemId)) ?? 0;
            var error = errors.GetValueOrDefault(line.ItemId, "");
            rows.Add(new JsonObject
            {
                ["itemId"] = line.ItemId.ToString(CultureInfo.InvariantCulture),
                ["name"] = name,
                ["expectedText"] = strings.Format(lang, "lendingDesk.check.expected", line.Expected),
                ["max"] = line.Expected,
                ["count"] = counted,
                ["damaged"] = damaged,
                ["note"] = entered is null ? "" : CardInput.Text(entered, NoteId(line.ItemId)),
                ["countLabel"] = strings.Format(lang, "lendingDesk.check.countLabel", name),
                ["damagedLabel"] = strings.Format(lang, "lendingDesk.check.damagedLabel", name),
                ["noteLabel"] = strings.Format(lang, "lendingDesk.check.noteLabel", name),
                ["error"] = error,
                ["hasError"] = error.Length > 0,
            });
        }
        return rows;
    }

    /// <summary>The rows of a recorded checklist ("Tablet: 3 von 4, 1 beschädigt · Displayecke gesprungen").</summary>
    public async Task<JsonArray> RecordedRowsAsync(IReadOnlyList<CheckLine> lines, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var names = await DeskView.NamesAsync(db, lines.Select(l => l.ItemId), ct);
        var rows = new JsonArray();
        foreach (var l in lines.OrderBy(l => names.GetValueOrDefault(l.ItemId, ""), StringComparer.CurrentCulture))
            rows.Add(new JsonObject { ["text"] = RecordedText(l, names.GetValueOrDefault(l.ItemId, ""), lang) });
        return rows;
    }

    public string RecordedText(CheckLine l, string itemName, string lang)
    {
        ArgumentNullException.ThrowIfNull(l);
        var text = strings.Format(lang, "lendingDesk.check.recorded", CardText.Plain(itemName), l.Counted, l.Expected);
        if (l.Damaged > 0) text += ", " + strings.Format(lang, "lendingDesk.check.recordedDamaged", l.Damaged);
        if (l.Note.Length > 0) text += " · " + CardText.Plain(l.Note);
        return text;
    }

    public static string CountId(long itemId) => "count_" + itemId.ToString(CultureInfo.InvariantCulture);

    public static string DamagedId(long itemId) => "damaged_" + itemId.ToString(CultureInfo.InvariantCulture);

    public static string NoteId(long itemId) => "note_" + itemId.ToString(CultureInfo.InvariantCulture);
}
