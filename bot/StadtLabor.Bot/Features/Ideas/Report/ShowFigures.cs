using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Report;

/// <summary>
/// "ideen auswertung" / ideasReport.figures (role Innovation): the figures about ideas (<see cref="IdeaFigures"/>) and
/// the links to the export of all ideas. Answers only in the person's 1:1 chat: a typed command in a channel is
/// answered there by the router, and a click in a shared conversation gets a note instead of the links, which carry
/// their own permission and lead to submitters' names.
/// </summary>
public sealed class ShowFigures(LabDbContext db, SmallGroups smallGroups, ExportLinks links, LinkKey key, Strings strings,
    IOptions<IdeasOptions> options, TimeProvider time) : ITurnHandler, IVerbHandler
{
    public const string Verb = "ideasReport.figures";

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Reply(Connector.Activity.Card(await CardAsync(turn, ct)));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.IsPersonal) return turn.ErrorCard(turn.Word("ideasReport.personalOnly"));
        return new VerbResult.Card(await CardAsync(turn, ct));
    }

    private async Task<JsonObject> CardAsync(TurnContext turn, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = IdeaFigures.BerlinDay(now);
        var f = IdeaFigures.Compute(await IdeaFigures.LoadAsync(db, ct), today, options.Value.Departments, smallGroups);
        var culture = Strings.Culture(turn.Lang);
        string N(int n) => n.ToString("N0", culture);

        string? csvUrl = null, xlsxUrl = null;
        if (LabUser.From(turn) is { } person)
        {
            await key.LoadAsync(ct);
            var grant = ExportLinks.Grant(person, now);
            csvUrl = links.Url(grant, ExportLinks.CsvPath);
            xlsxUrl = links.Url(grant, ExportLinks.XlsxPath);
        }
        var hasLinks = csvUrl is not null && xlsxUrl is not null;

        return turn.Card("ideas/figures", new JsonObject
        {
            ["total"] = turn.Format("ideasReport.total", N(f.Total)),
            ["statuses"] = Rows(f.ByStatus.Select(s => (turn.Word("ideas.status." + s.Status.Key()), N(s.Count)))),
            ["months"] = Rows(f.ByMonth.Select(m => (m.Month.ToDateTime(TimeOnly.MinValue).ToString("MMMM yyyy", culture), N(m.Count)))),
            ["median"] = f.MedianWorkingDays is { } days && f.MedianTime is { } elapsed
                ? turn.Format("ideasReport.medianValue", WorkingDaysText(turn, days), Wording.Duration(strings, turn.Lang, Round(elapsed)))
                : turn.Word("ideasReport.noAnswers"),
            ["within"] = f.Decided > 0
                ? turn.Format("ideasReport.withinValue", Math.Round(100.0 * f.WithinDeadline / f.Decided).ToString("0", culture), N(f.WithinDeadline), N(f.Decided))
                : turn.Word("ideasReport.withinNone"),
            ["withinHint"] = turn.Format("ideasReport.withinHint", options.Value.FirstResponseWorkingDays),
            ["overdue"] = N(f.OpenOverdue),
            ["departments"] = Rows(f.Departments.Select(d => (
                d.Length > 0 ? CardText.Plain(d, IdeaLimits.Department) : turn.Word("ideas.department.all"),
                Count(turn, f.DepartmentFigures[IdeaFigures.DepartmentKey(d)])))),
            ["departmentHint"] = turn.Format("ideasReport.departmentHint", smallGroups.MinGroupSize),
            ["hasLinks"] = hasLinks,
            ["noLinks"] = !hasLinks,
            ["exportHint"] = turn.Format("ideasReport.exportHint", Wording.Duration(strings, turn.Lang, ExportLinks.Validity)),
            ["csvUrl"] = csvUrl ?? "",
            ["xlsxUrl"] = xlsxUrl ?? "",
        });
    }

    /// <summary>A count as the card says it: the number, or words without a number (the small-group rule).</summary>
    private string Count(TurnContext turn, Figure figure) => figure switch
    {
        { Shown: true, People: { } n } => n.ToString("N0", Strings.Culture(turn.Lang)),
        { Why: Withheld.TooFew } => turn.Format("smallGroups.fewerThan", smallGroups.MinGroupSize),
        _ => turn.Word("smallGroups.withheld"),
    };

    /// <summary>"3 Arbeitstage", "2,5 Arbeitstage" (a median of an even count may fall between two).</summary>
    public static string WorkingDaysText(TurnContext turn, double days)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var number = days.ToString(days % 1 == 0 ? "0" : "0.0", Strings.Culture(turn.Lang));
        return turn.Format(days == 1 ? "ideasReport.workingDays.one" : "ideasReport.workingDays.other", number);
    }

    /// <summary>To whole hours from a day on, to minutes below: "2 Tage 5 Stunden", not "2 Tage 5 Stunden 17 Minuten".</summary>
    private static TimeSpan Round(TimeSpan t) => t >= TimeSpan.FromDays(1)
        ? TimeSpan.FromHours(Math.Round(t.TotalHours))
        : TimeSpan.FromMinutes(Math.Round(t.TotalMinutes));

    private static JsonArray Rows(IEnumerable<(string Title, string Value)> rows) =>
        [.. rows.Select(r => (JsonNode)new JsonObject { ["title"] = r.Title, ["value"] = r.Value })];
}
