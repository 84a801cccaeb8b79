using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>An item someone could take instead, with the units free in the whole range.</summary>
public sealed record Alternative(long ItemId, string Name, int Free);

/// <summary>
/// What to offer a person whose reservation cannot be served (an item retired or reduced, a part missing after a
/// return): other items of the same category, offered alone, free in the quantity they wanted for their whole range;
/// the most free first, then by name. One owner, so the lab team's notice and the desk's notice suggest the same.
/// ("Was ist frei?" picks its similar items from the counts it already has, see Catalogue/FreeSearch.)
/// </summary>
public sealed class Alternatives(LabDbContext db, Availability availability)
{
    /// <summary>How many other items a message suggests.</summary>
    public const int Most = 3;

    public async Task<IReadOnlyList<Alternative>> ForAsync(long itemId, int quantity, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var category = await db.LendingItems().AsNoTracking().Where(i => i.Id == itemId).Select(i => i.Category).SingleOrDefaultAsync(ct) ?? "";
        if (category.Length == 0) return [];
        var others = await db.LendingItems().AsNoTracking()
            .Where(i => i.Category == category && i.Id != itemId && i.RetiredAtUtc == null && i.LendableAlone)
            .Select(i => new { i.Id, i.Name }).ToListAsync(ct);
        if (others.Count == 0) return [];
        var snapshot = await availability.LoadAsync([.. others.Select(o => o.Id)], fromUtc, toUtc, ct);
        return [.. others.Select(o => new Alternative(o.Id, o.Name, snapshot.Free(o.Id, fromUtc, toUtc)))
            .Where(a => a.Free >= quantity)
            .OrderByDescending(a => a.Free).ThenBy(a => a.Name, StringComparer.CurrentCulture)
            .Take(Most)];
    }
}
