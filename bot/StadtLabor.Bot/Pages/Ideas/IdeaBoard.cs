using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;

namespace StadtLabor.Bot.Pages.Ideas;

/// <summary>One idea on the board: what its card shows, and the version a bulk change must still find.</summary>
public sealed record BoardIdea(long Id, int Version, string Title, IdeaStatus Status, string Department, IReadOnlyList<string> Tags,
    string? AssignedName, int WaitedDays, bool Overdue, DateOnly DueOn);

/// <summary>A column: its status, the ideas shown, and how many more matched than a column shows.</summary>
public sealed record BoardColumn(IdeaStatus Status, IReadOnlyList<BoardIdea> Ideas, int Hidden);

/// <summary>
/// The board's filters as the page understood them: each one a known value or null (an unknown value, say from an old
/// link or an edited address, is left out rather than showing an empty board). They combine.
/// </summary>
public sealed record BoardFilter(string? Tag, string? Department, string? Lotse, int? OlderThan)
{
    /// <summary>The value of the Lotse filter for ideas nobody has taken yet.</summary>
    public const string Nobody = "niemand";

    /// <summary>The value of the department filter for ideas that help everyone (stored as an empty department).</summary>
    public const string Everyone = "alle";

    /// <summary>"älter als N Arbeitstage": the ages offered (the deadline is 5 by default).</summary>
    public static IReadOnlyList<int> Ages { get; } = [2, 5, 10, 20];

    public bool Any => Tag is not null || Department is not null || Lotse is not null || OlderThan is not null;

    /// <summary>The filters as a query string ("?tag=formular&amp;alter=5"), to come back to the same view after a change.</summary>
    public string Query
    {
        get
        {
            var parts = new List<string>();
            if (Tag is not null) parts.Add("tag=" + Uri.EscapeDataString(Tag));
            if (Department is not null) parts.Add("bereich=" + Uri.EscapeDataString(Department));
            if (Lotse is not null) parts.Add("lotse=" + Uri.EscapeDataString(Lotse));
            if (OlderThan is { } age) parts.Add("alter=" + age);
            return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
        }
    }
}

/// <summary>
/// Reads the board: the choices each filter offers (configured tags and departments plus those in use, the Lotsen in
/// the directory plus those assigned), the filters checked against them, and the ideas in their status columns. Open
/// columns list the oldest first (they wait longest), closed ones the latest closed first.
/// </summary>
public sealed class IdeaBoard(LabDbContext db, IdeasOptions options)
{
    /// <summary>Past this a column says how many more there are: the filters narrow it down.</summary>
    public const int PerColumn = 40;

    public IReadOnlyList<string> TagChoices { get; private set; } = [];
    public IReadOnlyList<string> DepartmentChoices { get; private set; } = [];
    public IReadOnlyList<LotseChoice> LotseChoices { get; private set; } = [];

    public async Task<BoardFilter> FilterAsync(IReadOnlyList<LotseChoice> directory, string? tag, string? department, string? lotse, string? age,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var inUse = await db.Ideas().AsNoTracking().Select(i => new { i.Tags, i.Department, i.AssignedAadObjectId, i.AssignedName })
            .Distinct().ToListAsync(ct);
        TagChoices = [.. options.Tags.Concat(inUse.SelectMany(i => i.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        DepartmentChoices = [.. options.Departments.Concat(inUse.Select(i => i.Department).Where(d => d.Length > 0))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        LotseChoices = [.. directory.Concat(inUse.Where(i => i.AssignedAadObjectId is not null)
                .Select(i => new LotseChoice(i.AssignedAadObjectId!, i.AssignedName ?? "")))
            .DistinctBy(l => l.AadObjectId, StringComparer.Ordinal).OrderBy(l => l.Name, StringComparer.CurrentCulture)];

        return new BoardFilter(
            TagChoices.Contains(tag ?? "", StringComparer.Ordinal) ? tag : null,
            department == BoardFilter.Everyone || DepartmentChoices.Contains(department ?? "", StringComparer.Ordinal) ? department : null,
            lotse == BoardFilter.Nobody || LotseChoices.Any(l => l.AadObjectId == lotse) ? lotse : null,
            int.TryParse(age, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) && BoardFilter.Ages.Contains(days) ? days : null);
    }

    public async Task<IReadOnlyList<BoardColumn>> ColumnsAsync(BoardFilter filter, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var ideas = db.Ideas().AsNoTracking();
        if (filter.Tag is { } tag)
        {
            var wrapped = "," + tag + ",";
            ideas = ideas.Where(i => ("," + i.Tags + ",").Contains(wrapped));
        }
        if (filter.Department is { } department)
        {
            var stored = department == BoardFilter.Everyone ? "" : department;
            ideas = ideas.Where(i => i.Department == stored);
        }
        if (filter.Lotse == BoardFilter.Nobody) ideas = ideas.Where(i => i.AssignedAadObjectId == null);
        else if (filter.Lotse is { } lotse) ideas = ideas.Where(i => i.AssignedAadObjectId == lotse);

        var cards = (await ideas.ToListAsync(ct)).Select(i => new
        {
            Card = new BoardIdea(i.Id, i.Version, i.Title, i.Status, i.Department,
                i.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), i.AssignedName,
                // A closed idea's age stops on the day it was closed.
                IdeaDeadline.WorkingDaysWaited(i.SubmittedAtUtc, i.ClosedAtUtc is { } closed ? IdeaPages.BerlinDay(closed) : today),
                IdeaDeadline.IsOverdue(i, today), i.FirstResponseDueOn),
            i.SubmittedAtUtc,
            i.ClosedAtUtc,
        }).Where(c => filter.OlderThan is not { } older || c.Card.WaitedDays > older).ToList();

        return [.. IdeaPages.Columns.Select(status =>
        {
            var inColumn = cards.Where(c => c.Card.Status == status);
            inColumn = status.IsClosed()
                ? inColumn.OrderByDescending(c => c.ClosedAtUtc).ThenByDescending(c => c.Card.Id)
                : inColumn.OrderBy(c => c.SubmittedAtUtc).ThenBy(c => c.Card.Id);
            var all = inColumn.Select(c => c.Card).ToList();
            return new BoardColumn(status, all.Take(PerColumn).ToList(), Math.Max(0, all.Count - PerColumn));
        })];
    }
}
