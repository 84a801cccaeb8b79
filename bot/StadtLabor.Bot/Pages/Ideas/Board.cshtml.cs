using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Triage;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Ideas;

/// <summary>
/// /ideen: the Lotsen's board. Every idea in the column of its status, filtered by tag, department, Lotse and age
/// (GET, so a filtered view can be bookmarked and sent to a colleague). Several ideas at once can be assigned or moved
/// to a status: each one through the same use case as the triage card (AssignIdea, ChangeStatus: IdeaLock, version
/// check, outbox notices in the same transaction), so one that a colleague changed meanwhile, or that is closed, is
/// left as it is and reported, and the others are still done.
/// </summary>
[LabRole(Role.Lotse)]
public sealed class BoardModel(LabDbContext db, LotsenDirectory lotsen, TriageReply reply, Strings strings, TimeProvider time,
    AssignIdea assign, ChangeStatus change, IOptions<IdeasOptions> options) : LabPageModel
{
    public const string AssignAction = "zuweisen";
    public const string StatusAction = "status";

    private readonly IdeaBoard board = new(db, options.Value);

    public IdeaPages Ideas { get; } = new(db, lotsen, reply, strings, time);

    [BindProperty(SupportsGet = true, Name = "tag")] public string? TagValue { get; set; }
    [BindProperty(SupportsGet = true, Name = "bereich")] public string? DepartmentValue { get; set; }
    [BindProperty(SupportsGet = true, Name = "lotse")] public string? LotseValue { get; set; }
    [BindProperty(SupportsGet = true, Name = "alter")] public string? AgeValue { get; set; }

    /// <summary>The ticked ideas, each "id:version" (the version the board showed, checked under the lock).</summary>
    [BindProperty(Name = "idee")] public List<string> Selected { get; set; } = [];
    [BindProperty(Name = "an")] public string? AssignTo { get; set; }
    [BindProperty(Name = "status")] public string? NewStatus { get; set; }
    [BindProperty(Name = "begruendung")] public string? Reason { get; set; }
    [BindProperty(Name = "aktion")] public string? Action { get; set; }

    /// <summary>After a bulk change: one line per idea (what happened to it), shown once.</summary>
    [TempData] public string? Report { get; set; }

    public BoardFilter Filter { get; private set; } = new(null, null, null, null);
    public IReadOnlyList<BoardColumn> Columns { get; private set; } = [];
    public IReadOnlyList<LotseChoice> Lotsen { get; private set; } = [];
    public IReadOnlyList<string> TagChoices => board.TagChoices;
    public IReadOnlyList<string> DepartmentChoices => board.DepartmentChoices;
    public IReadOnlyList<LotseChoice> LotseChoices => board.LotseChoices;
    public string Me => Person.AadObjectId;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await Ideas.ActorAsync(this, ct);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await Ideas.ActorAsync(this, ct);
        Lotsen = await Ideas.LotsenAsync(ct);
        var picked = Selected.Select(Parse).Distinct().ToList();
        if (picked.Count == 0) Problem("board", W["ideas.bulk.noneSelected"]);

        Func<long, int, Task<TriageOutcome?>>? apply = null;
        var reason = (Reason ?? "").Trim();
        if (Action == AssignAction)
        {
            var to = AssignTo ?? "";
            if (to != actor.AadObjectId && Lotsen.All(l => l.AadObjectId != to)) Problem("bulk-lotse", W["ideas.bulk.lotseMissing"]);
            else apply = (id, version) => assign.AssignAsync(actor, id, version, to, ct);
        }
        else if (Action == StatusAction)
        {
            if (TriageRules.Parse(NewStatus ?? "") is not { } status) Problem("bulk-status", W["ideas.bulk.statusMissing"]);
            else if (ChangeStatus.CheckReason(status, reason) is not TriageText.Fine and var problem) Problem("bulk-reason", ReasonError(problem));
            else apply = (id, version) => change.ChangeAsync(actor, id, version, status, reason, ct);
        }
        else
        {
            return BadRequest();
        }
        if (!ModelState.IsValid || apply is null)
        {
            await LoadAsync(ct);
            return Page();
        }

        var lines = new List<string>();
        var changed = 0;
        foreach (var (id, version) in picked)
        {
            // A value that is no "id:version" (an edited form) or names no idea is reported like a deleted idea.
            var outcome = id > 0 ? await apply(id, version) : null;
            if (outcome is { Changed: true }) changed++;
            var text = outcome is null ? W["ideas.bulk.gone"] : await Ideas.TextAsync(outcome.Notice, W.Lang, id, ct);
            lines.Add(W.Format("ideas.bulk.line", id > 0 ? id.ToString(CultureInfo.InvariantCulture) : "?", text));
        }
        Report = string.Join('\n', lines);
        await LoadAsync(ct);
        return Done(W.Format("ideas.bulk.summary", changed, picked.Count), "/ideen" + Filter.Query);
    }

    public string ReasonError(TriageText problem) =>
        problem == TriageText.Missing ? W.Any("ideasTriage.show.reasonError") : W.Format("ideas.reasonTooLong", IdeaLimits.Comment);

    public IReadOnlyList<string> ReportLines => Report is { Length: > 0 } r ? r.Split('\n') : [];

    public bool IsSelected(BoardIdea idea)
    {
        ArgumentNullException.ThrowIfNull(idea);
        return Selected.Contains(Value(idea), StringComparer.Ordinal);
    }

    public static string Value(BoardIdea idea)
    {
        ArgumentNullException.ThrowIfNull(idea);
        return string.Create(CultureInfo.InvariantCulture, $"{idea.Id}:{idea.Version}");
    }

    private static (long Id, int Version) Parse(string value)
    {
        var parts = (value ?? "").Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (id, version) : (0, 0);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (Lotsen.Count == 0) Lotsen = await Ideas.LotsenAsync(ct);
        Filter = await board.FilterAsync(Lotsen, TagValue, DepartmentValue, LotseValue, AgeValue, ct);
        Columns = await board.ColumnsAsync(Filter, Ideas.Today, ct);
    }
}
