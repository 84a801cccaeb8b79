using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Exports;
using StadtLabor.Bot.Features.Surveys.Results;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Surveys;

/// <summary>
/// /umfragen/auswertung/{surveyId}?frage=…&amp;aufteilung=… (ResearchPartner; the innovation department passes): one
/// question of a survey as the card "umfrage ergebnisse" shows it, with the same calls: the figures of every closed
/// wave side by side from <see cref="ResultsCard.FiguresAsync"/> (SurveyResults with the small-group rule), each cell
/// in the card's words (<see cref="FigureWords"/>), a running wave only by its count from k, free text from the
/// free-text threshold and never by group. The breakdown must be one the survey declared; anything else in the query
/// string is refused with the card's message and logged without anyone's data.
/// The chart is this page's handler (?handler=chart), not the card's signed link: the page has a session, so the same
/// role middleware decides on every image load, and no bearer link valid for days ends up in the page or the history.
/// Exports: the buttons post to <see cref="ExportModel"/>.
/// </summary>
[LabRole(Role.ResearchPartner)]
public sealed partial class SurveyModel(LabDbContext db, ResultsCard view, SurveyResults results, SmallGroups smallGroups, Strings strings,
    QuestionChart chart, TimeProvider time, ILogger<SurveyModel> log) : LabPageModel
{
    /// <summary>One row of a figures table: what (people, mean, an answer) and a cell per closed wave.</summary>
    public sealed record FigureRow(string Label, IReadOnlyList<string> Cells);

    /// <summary>A table: everyone, or one group of the breakdown.</summary>
    public sealed record Section(string Heading, IReadOnlyList<FigureRow> Rows);

    public sealed record WaveTexts(int Wave, string Note, IReadOnlyList<string> Texts);

    public sealed record ExportRow(string Kind, string Who, string When);

    public ResultsSurvey Survey { get; private set; } = null!;
    public SurveyQuestion? Question { get; private set; }
    public int Slot { get; private set; }
    public bool Refused { get; private set; }
    public IReadOnlyList<string> WaveLines { get; private set; } = [];
    public IReadOnlyList<SurveyWave> Closed { get; private set; } = [];
    public IReadOnlyList<Section> Sections { get; private set; } = [];
    public IReadOnlyList<WaveTexts> Texts { get; private set; } = [];
    public bool HasDelta { get; private set; }
    public bool CanRaw { get; private set; }
    public IReadOnlyList<ExportRow> Exports { get; private set; } = [];
    public int K => smallGroups.MinGroupSize;

    public bool HasFigures => Question is not null && Closed.Count > 0 && !Refused;

    public string ChartUrl => $"/umfragen/auswertung/{Survey.Survey.Id}?handler=chart&frage={Question?.Id}&aufteilung={Slot}";

    /// <summary>A word of the cards (the same sentence as in the chat), with its placeholders filled.</summary>
    public string Card(string key, params object?[] args) => strings.Format(W.Lang, key, args);

    public async Task<IActionResult> OnGetAsync(long surveyId, string? frage, string? aufteilung, CancellationToken ct)
    {
        if (await ResultsSurvey.LoadAsync(db, surveyId, ct) is not { } s) return NotFound();
        Survey = s;
        Closed = s.Closed;
        if (!TryQuestion(s, frage, out var question)) return NotFound();
        Question = question;
        await DescribeAsync(s, ct);

        if (SlotOf(s, aufteilung) is not { } slot) return Undeclared(surveyId);
        Slot = slot;
        if (Question is null || Closed.Count == 0) return Page();
        // The card's own call: SurveyResults decides again, null means the slot is not this survey's breakdown.
        if (await view.FiguresAsync(s, Question, Slot, ct) is not { } figures) return Undeclared(surveyId);
        Tabulate(figures);
        return Page();
    }

    /// <summary>The chart image, recomputed through SurveyResults like the card's; the role was checked for this request.</summary>
    public async Task<IActionResult> OnGetChartAsync(long surveyId, string? frage, string? aufteilung, CancellationToken ct)
    {
        if (await ResultsSurvey.LoadAsync(db, surveyId, ct) is not { } s || !TryQuestion(s, frage, out var q) || q is null) return NotFound();
        if (SlotOf(s, aufteilung) is not { } slot)
        {
            LogUndeclared(log, surveyId);
            return BadRequest();
        }
        var png = await chart.PngAsync(q.Id, slot, W.Lang, ct);
        return png is null ? NotFound() : File(png, "image/png");
    }

    /// <summary>The question asked for (the first without one), or null when the id is not one of this survey's.</summary>
    private static bool TryQuestion(ResultsSurvey s, string? frage, out SurveyQuestion? question)
    {
        question = null;
        if (string.IsNullOrEmpty(frage))
        {
            question = s.Questions.Count > 0 ? s.Questions[0] : null;
            return true;
        }
        if (!long.TryParse(frage, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        question = s.Questions.FirstOrDefault(x => x.Id == id);
        return question is not null;
    }

    /// <summary>0 without a breakdown, the slot when the survey declared it, null for anything else (edited query string).</summary>
    public static int? SlotOf(ResultsSurvey s, string? aufteilung)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (string.IsNullOrEmpty(aufteilung)) return 0;
        if (!int.TryParse(aufteilung, NumberStyles.None, CultureInfo.InvariantCulture, out var slot)) return null;
        return slot == 0 || s.Breakdowns.Any(b => b.BreakdownSlot == slot) ? slot : null;
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Undeclared(long surveyId)
    {
        LogUndeclared(log, surveyId);
        Refused = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The waves' lines as on the card (a running wave only by its count from k) and the export log.</summary>
    private async Task DescribeAsync(ResultsSurvey s, CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var (w, answers) in await results.WaveCountsAsync(s.Waves, ct))
        {
            var running = w.Status == WaveStatus.Running;
            lines.Add(answers is { } n
                ? Card(running ? "surveysResults.running" : "surveysResults.closed", w.Number, n.ToString("N0", W.Culture))
                : Card(running ? "surveysResults.runningFew" : "surveysResults.closedFew", w.Number, K));
        }
        WaveLines = lines;
        CanRaw = await SurveyExportLinks.HoldsPartnerRoleAsync(HttpContext.RequestServices, Person, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var exports = await db.SurveyExports().AsNoTracking().Where(x => x.SurveyId == s.Survey.Id)
            .OrderByDescending(x => x.AtUtc).ThenByDescending(x => x.Id).Take(10).ToListAsync(ct);
        Exports = [.. exports.Select(x => new ExportRow(W.Any("surveysResults.kind." + ResultsCard.KindKey(x.Kind)), x.ByName, Wording.Moment(W.Lang, x.AtUtc, now)))];
    }

    /// <summary>The card's sections as tables: everyone, then each group of the breakdown; a column per closed wave.</summary>
    private void Tabulate(IReadOnlyList<WaveQuestionFigures> figures)
    {
        if (figures.Count == 0 || Question is not { } q) return;
        var t = FigureText.Of(strings, W.Lang);
        if (q.Kind == QuestionKind.FreeText)
        {
            Texts = [.. figures.Select(w => new WaveTexts(w.Wave.Number,
                w.Figures.Texts is { Shown: true } shown
                    ? (shown.Texts.Count == 0 ? Card("surveysResults.textsNone") : Card("surveysResults.textsAll", shown.Texts.Count))
                    : Card("surveysResults.textsFew", smallGroups.MinFreeTextSize),
                w.Figures.Texts is { Shown: true } texts ? texts.Texts : []))];
            return;
        }
        var sections = new List<Section> { Table(Card("surveysResults.overall"), [.. figures.Select(w => (GroupFigures?)w.Figures.Overall)], q, t) };
        foreach (var group in figures[0].Figures.Groups)
            sections.Add(Table(group.Label.Length > 0 ? group.Label : Card("surveysResults.breakdownNone"),
                [.. figures.Select(w => w.Figures.Groups.FirstOrDefault(g => g.Key == group.Key))], q, t));
        Sections = sections;
        HasDelta = FigureWords.HasDelta(figures);
    }

    private Section Table(string heading, IReadOnlyList<GroupFigures?> waves, SurveyQuestion q, FigureText t)
    {
        GroupFigures? Before(int i) => i > 0 ? waves[i - 1] : null;
        var rows = new List<FigureRow> { new(W["surveys.people"], [.. waves.Select(g => FigureWords.PeopleCell(t, g, K))]) };
        if (q.Kind is QuestionKind.Scale or QuestionKind.Number)
            rows.Add(new(Card("surveysResults.mean"), [.. waves.Select((g, i) => FigureWords.MeanCell(t, g, Before(i), K))]));
        var categories = QuestionTable.Categories(q);
        for (var c = 0; c < categories.Count; c++)
        {
            var row = c;
            rows.Add(new(categories[c], [.. waves.Select((g, i) => FigureWords.OptionCell(t, g, Before(i), row, K))]));
        }
        return new Section(heading, rows);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Survey results page refused: the query string asked for a breakdown survey {SurveyId} did not declare")]
    private static partial void LogUndeclared(ILogger logger, long surveyId);
}
