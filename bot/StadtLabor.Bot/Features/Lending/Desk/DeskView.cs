using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>How the desk names reservations and times on its cards, so every card says it the same way.</summary>
public static class DeskView
{
    /// <summary>"VR-Brille ×2" (×1 is left out).</summary>
    public static string What(string itemName, int quantity) =>
        quantity == 1 ? CardText.Plain(itemName) : $"{CardText.Plain(itemName)} ×{quantity.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The borrower's name as Teams gave it, or the word for "no name".</summary>
    public static string Who(Strings strings, string lang, LendingReservation r)
    {
        ArgumentNullException.ThrowIfNull(strings);
        ArgumentNullException.ThrowIfNull(r);
        return r.UserName.Length > 0 ? CardText.Plain(r.UserName) : strings.Get(lang, "lendingDesk.noName");
    }

    /// <summary>"10:00" in Berlin.</summary>
    public static string Clock(DateTime utc) => TrainingTime.ToBerlin(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Names of these items by id (retired ones included: history keeps its names).</summary>
    public static Task<Dictionary<long, string>> NamesAsync(LabDbContext db, IEnumerable<long> itemIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = itemIds.Distinct().ToList();
        return db.LendingItems().AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
    }

    /// <summary>
    /// Button titles must differ on one card (a screen reader reads them alone): a title seen before gets its
    /// number added ("Übergeben: Tablet an Erika (2)").
    /// </summary>
    public sealed class UniqueTitles
    {
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

        public string Of(string title)
        {
            var n = _seen.TryGetValue(title, out var count) ? count + 1 : 1;
            _seen[title] = n;
            return n == 1 ? title : $"{title} ({n.ToString(CultureInfo.InvariantCulture)})";
        }
    }
}
