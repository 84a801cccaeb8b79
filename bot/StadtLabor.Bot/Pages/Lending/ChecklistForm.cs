using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StadtLabor.Bot.Features.Lending.Desk;

namespace StadtLabor.Bot.Pages.Lending;

/// <summary>One line of the page's checklist, with what was entered (kept when the form comes back with a message).</summary>
public sealed record CheckRow(long ItemId, string Name, int Expected, bool Ticked, string Count, string Damaged, string Note)
{
    public string TickId => "ok_" + ItemId.ToString(CultureInfo.InvariantCulture);
    public string CountId => Checklist.CountId(ItemId);
    public string DamagedId => Checklist.DamagedId(ItemId);
    public string NoteId => Checklist.NoteId(ItemId);
}

/// <summary>
/// The page's checklist: one tick per line ("alles da"), and only where something is short a number (and at return
/// how many are damaged). The ticks become the counts the card sends (count_/damaged_/note_&lt;itemId&gt;), and the
/// desk's use case (<see cref="RecordHandover"/>, <see cref="RecordReturn"/>) checks them by the card's rule
/// (<see cref="Checklist.Read"/>): a count from 0 to the expected number on every line. What the page adds is only
/// the reading of its own fields: a line neither ticked nor counted, or ticked and counted differently, is sent back
/// with a message and nothing is saved. Form values are untrusted: only lines of this reservation's checklist are read.
/// </summary>
public static class ChecklistForm
{
    public static List<CheckRow> Blank(IEnumerable<ExpectedLine> lines) =>
        [.. lines.Select(l => new CheckRow(l.ItemId, l.Name, l.Expected, false, "", "", ""))];

    public static List<CheckRow> Entered(IEnumerable<ExpectedLine> lines, IFormCollection form) =>
        [.. lines.Select(l => new CheckRow(l.ItemId, l.Name, l.Expected, Ticked(form, l.ItemId),
            Value(form, Checklist.CountId(l.ItemId)), Value(form, Checklist.DamagedId(l.ItemId)), Value(form, Checklist.NoteId(l.ItemId))))];

    /// <summary>The counts as the card would send them, or the page's own problems by field id (then nothing is to be saved).</summary>
    public static (JsonObject Counts, Dictionary<string, string> Problems) Read(IReadOnlyList<CheckRow> rows, bool withDamaged, PageWords words)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(words);
        var counts = new JsonObject();
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var expected = row.Expected.ToString(CultureInfo.InvariantCulture);
            var contradicts = row.Count.Length > 0 && row.Count != expected || withDamaged && row.Damaged.Length > 0 && row.Damaged != "0";
            if (row.Ticked && contradicts)
                problems[row.CountId] = words.Format("lending.check.contradicts", row.Name);
            else if (!row.Ticked && row.Count.Length == 0)
                problems[row.TickId] = words.Format(withDamaged ? "lending.check.unansweredReturn" : "lending.check.unanswered", row.Name);
            counts[row.CountId] = row.Ticked ? expected : row.Count;
            if (withDamaged) counts[row.DamagedId] = row.Ticked ? "0" : row.Damaged;
            counts[row.NoteId] = row.Note;
        }
        return (counts, problems);
    }

    /// <summary>The card's messages by item id, put under the line's number field.</summary>
    public static IEnumerable<(string Field, string Message)> Fields(IReadOnlyDictionary<long, string> errors) =>
        errors.Select(e => (Checklist.CountId(e.Key), e.Value));

    private static bool Ticked(IFormCollection form, long itemId) =>
        form["ok_" + itemId.ToString(CultureInfo.InvariantCulture)].Contains("true");

    private static string Value(IFormCollection form, string key) => form[key].FirstOrDefault()?.Trim() ?? "";
}

/// <summary>A line as the partial _CheckLine draws it: the entered values and the messages under its fields.</summary>
public sealed record CheckLineView(CheckRow Row, bool WithDamaged, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary State)
{
    public string? ErrorOf(string field) =>
        State.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
