using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>A survey with its questions (in order) and its waves (by number), as the results cards read them.</summary>
public sealed record ResultsSurvey(Survey Survey, IReadOnlyList<SurveyQuestion> Questions, IReadOnlyList<SurveyWave> Waves)
{
    public IReadOnlyList<SurveyWave> Closed => [.. Waves.Where(w => w.Status == WaveStatus.Closed)];

    public IReadOnlyList<SurveyQuestion> Breakdowns => [.. Questions.Where(q => q.IsBreakdown).OrderBy(q => q.BreakdownSlot)];

    /// <summary>The surveys with at least one started wave, newest first: the ones that have something to show.</summary>
    public static Task<List<long>> StartedIdsAsync(LabDbContext db, int max, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Surveys().AsNoTracking()
            .Where(s => db.SurveyWaves().Any(w => w.SurveyId == s.Id && w.Status != WaveStatus.Planned))
            .OrderByDescending(s => s.CreatedAtUtc).ThenByDescending(s => s.Id).Select(s => s.Id).Take(max).ToListAsync(ct);
    }

    public static async Task<ResultsSurvey?> LoadAsync(LabDbContext db, long surveyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var survey = await db.Surveys().AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return null;
        var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).ThenBy(q => q.Id).ToListAsync(ct);
        var waves = await db.SurveyWaves().AsNoTracking().Where(w => w.SurveyId == surveyId).OrderBy(w => w.Number).ToListAsync(ct);
        return new ResultsSurvey(survey, questions, waves);
    }
}

/// <summary>
/// The results card of one question (cards/surveys/results.json), shared by showing and publishing: the waves'
/// state, the question's figures from <see cref="SurveyResults"/> for every closed wave side by side, the chart link,
/// the pickers (questions; only the declared breakdowns), the export log and its buttons, and publishing.
/// The caller has checked the breakdown: <paramref name="figures"/> is what SurveyResults returned for it.
/// </summary>
public sealed class ResultsCard(LabDbContext db, SurveyResults results, SmallGroups smallGroups, ChartLinks charts, LinkKey key,
    RoleGate roles, IRoleSource roleSource, TimeProvider time)
{
    public const int MaxTexts = 20;

    /// <summary>The question's figures in every closed wave, or null when the breakdown is not declared.</summary>
    public Task<IReadOnlyList<WaveQuestionFigures>?> FiguresAsync(ResultsSurvey s, SurveyQuestion q, int slot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(q);
        return results.QuestionAsync(q.Id, [.. s.Closed.Select(w => w.Id)], slot, ct);
    }

    public async Task<JsonObject> RenderAsync(TurnContext turn, ResultsSurvey s, SurveyQuestion? q, int slot,
        IReadOnlyList<WaveQuestionFigures> figures, string? notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(figures);
        var k = smallGroups.MinGroupSize;
        var now = time.GetUtcNow().UtcDateTime;
        var title = CardText.Plain(s.Survey.Title, SurveyLimits.Title);
        var person = LabUser.From(turn);
        var index = q is null ? -1 : s.Questions.ToList().FindIndex(x => x.Id == q.Id);
        var hasQuestion = q is not null && s.Closed.Count > 0;

        string? chartUrl = null;
        if (hasQuestion && person is not null && q!.Kind != QuestionKind.FreeText)
        {
            await key.LoadAsync(ct);
            chartUrl = charts.Url(person, new ChartTarget(q.Id, slot, turn.Lang), now);
        }
        var textGroups = new JsonArray();
        if (hasQuestion && q!.Kind == QuestionKind.FreeText)
            foreach (var w in figures)
                textGroups.Add(TextsOf(turn, w, slot, figures.Count > 1));

        var canPublish = await roles.AllowsAsync(turn, Role.Innovation, ct);
        var canRaw = person is not null && await roleSource.RolesOfAsync(person, ct) is var held && (held.Contains(Role.ResearchPartner) || held.Contains(Role.Admin));
        var exports = await db.SurveyExports().AsNoTracking().Where(x => x.SurveyId == s.Survey.Id)
            .OrderByDescending(x => x.AtUtc).ThenByDescending(x => x.Id).Take(10).ToListAsync(ct);
        var sid = s.Survey.Id;

        return turn.Card("surveys/results", new JsonObject
        {
            ["heading"] = turn.Format("surveysResults.title", title),
            ["waves"] = await WaveLinesAsync(turn, s, ct),
            ["hasNotice"] = notice is not null,
            ["notice"] = notice ?? "",
            ["noClosed"] = s.Closed.Count == 0,
            ["hasQuestion"] = hasQuestion,
            ["questionOf"] = hasQuestion ? turn.Format("surveysResults.questionOf", index + 1, s.Questions.Count) : "",
            ["question"] = q is null ? "" : CardText.Plain(q.Text, SurveyLimits.QuestionText),
            ["hasKindHint"] = q?.Kind is QuestionKind.Scale or QuestionKind.MultipleChoice,
            ["kindHint"] = q?.Kind switch
            {
                QuestionKind.Scale => turn.Format("surveysResults.scale", CardText.Plain(q.ScaleLow, SurveyLimits.ScaleLabel), CardText.Plain(q.ScaleHigh, SurveyLimits.ScaleLabel)),
                QuestionKind.MultipleChoice => turn.Word("surveysResults.multiple"),
                _ => "",
            },
            ["hasBreakdown"] = slot > 0,
            ["breakdown"] = slot > 0 && s.Breakdowns.FirstOrDefault(b => b.BreakdownSlot == slot) is { } b
                ? turn.Format("surveysResults.breakdownIs", CardText.Plain(b.Text, SurveyLimits.QuestionText)) : "",
            ["hasChart"] = chartUrl is not null,
            ["chartUrl"] = chartUrl ?? "",
            ["chartAlt"] = q is null ? "" : turn.Format("surveysResults.chartAlt", CardText.Plain(q.Text, SurveyLimits.QuestionText)),
            ["sections"] = hasQuestion ? FigureWords.Sections(turn, figures, k) : [],
            ["hasDelta"] = hasQuestion && FigureWords.HasDelta(figures),
            ["smallGroupsHint"] = turn.Format("surveysResults.smallGroupsHint", k),
            ["hasTexts"] = textGroups.Count > 0,
            ["textGroups"] = textGroups,
            ["surveyId"] = sid,
            ["questionId"] = q?.Id ?? 0,
            ["slot"] = slot,
            ["selectedQuestion"] = (q?.Id ?? 0).ToString(CultureInfo.InvariantCulture),
            ["selectedSlot"] = slot.ToString(CultureInfo.InvariantCulture),
            ["questions"] = new JsonArray([.. s.Questions.Select((x, i) => (JsonNode)Choice(
                turn.Format("surveysResults.questionOf", i + 1, s.Questions.Count) + ": " + CardText.Plain(x.Text, 80), x.Id))]),
            ["breakdowns"] = new JsonArray([Choice(turn.Word("surveysResults.breakdownNone"), 0),
                .. s.Breakdowns.Select(x => (JsonNode)Choice(CardText.Plain(x.Text, 80), x.BreakdownSlot))]),
            ["hasPaging"] = hasQuestion && s.Questions.Count > 1,
            ["hasPrevious"] = hasQuestion && index > 0,
            ["previousId"] = hasQuestion && index > 0 ? s.Questions[index - 1].Id : 0,
            ["previousTitle"] = hasQuestion && index > 0 ? turn.Format("surveysResults.previous", Short(s.Questions[index - 1].Text)) : "",
            ["hasNext"] = hasQuestion && index < s.Questions.Count - 1,
            ["nextId"] = hasQuestion && index < s.Questions.Count - 1 ? s.Questions[index + 1].Id : 0,
            ["nextTitle"] = hasQuestion && index < s.Questions.Count - 1 ? turn.Format("surveysResults.next", Short(s.Questions[index + 1].Text)) : "",
            ["hasExports"] = exports.Count > 0,
            ["noExports"] = exports.Count == 0,
            ["exports"] = new JsonArray([.. exports.Select(x => (JsonNode)new JsonObject
            {
                ["title"] = turn.Word("surveysResults.kind." + KindKey(x.Kind)),
                ["value"] = turn.Format("surveysResults.exportRow", CardText.Plain(x.ByName, SurveyLimits.Name), Wording.Moment(turn.Lang, x.AtUtc, now)),
            })]),
            ["canExport"] = s.Closed.Count > 0,
            ["canRaw"] = canRaw && s.Closed.Count > 0,
            ["exportResultsCsv"] = turn.Format("surveysResults.exportResultsCsv", title),
            ["exportResultsXlsx"] = turn.Format("surveysResults.exportResultsXlsx", title),
            ["exportRawCsv"] = turn.Format("surveysResults.exportRawCsv", title),
            ["exportRawXlsx"] = turn.Format("surveysResults.exportRawXlsx", title),
            ["hasPublish"] = canPublish && s.Closed.Any(w => !w.SummaryPublished),
            ["publishHint"] = turn.Word("surveysResults.publishHint"),
            ["publish"] = new JsonArray([.. s.Closed.Where(w => canPublish && !w.SummaryPublished).Select(w => (JsonNode)new JsonObject
            {
                ["title"] = turn.Format("surveysResults.publishTitle", w.Number),
                ["waveId"] = w.Id,
            })]),
            ["version"] = s.Survey.Version,
            ["refreshTitle"] = turn.Format("surveysResults.refresh", title),
        });
    }

    /// <summary>Each started wave in a line: running ones only with their count (from k), closed ones with theirs.</summary>
    public async Task<JsonArray> WaveLinesAsync(TurnContext turn, ResultsSurvey s, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(s);
        var k = smallGroups.MinGroupSize;
        var culture = Strings.Culture(turn.Lang);
        var lines = new JsonArray();
        foreach (var (w, answers) in await results.WaveCountsAsync(s.Waves, ct))
        {
            if (w.Status == WaveStatus.Running)
            {
                lines.Add(Line(answers is { } n
                    ? turn.Format("surveysResults.running", w.Number, n.ToString("N0", culture))
                    : turn.Format("surveysResults.runningFew", w.Number, k)));
                continue;
            }
            lines.Add(Line(answers is { } c
                ? turn.Format("surveysResults.closed", w.Number, c.ToString("N0", culture))
                : turn.Format("surveysResults.closedFew", w.Number, k)));
            if (w is { SummaryPublished: true, PublishedAtUtc: { } at })
                lines.Add(Line(turn.Format("surveysResults.published", w.Number, Wording.Moment(turn.Lang, at, time.GetUtcNow().UtcDateTime))));
        }
        return lines;
    }

    /// <summary>A wave's free text: the texts when SurveyResults shows them (overall only), else why not.</summary>
    private JsonObject TextsOf(TurnContext turn, WaveQuestionFigures w, int slot, bool several)
    {
        var prefix = several ? turn.Format("surveysResults.wave", w.Wave.Number) + ": " : "";
        var texts = new JsonArray();
        var note = prefix + turn.Format("surveysResults.textsFew", smallGroups.MinFreeTextSize);
        if (w.Figures.Texts is { Shown: true } shown)
        {
            var all = shown.Texts;
            note = prefix + (all.Count > MaxTexts
                ? turn.Format("surveysResults.textsCount", all.Count, MaxTexts) + " " + turn.Word("surveysResults.textsMore")
                : all.Count == 0 ? turn.Word("surveysResults.textsNone") : turn.Format("surveysResults.textsAll", all.Count));
            foreach (var text in all.Take(MaxTexts)) texts.Add(Line(CardText.Plain(text, 500)));
        }
        if (slot > 0) note += " " + turn.Word("surveysResults.textsByGroup");
        return new JsonObject { ["note"] = note, ["texts"] = texts, ["hasTexts"] = texts.Count > 0 };
    }

    /// <summary>The word key below "surveysResults.kind." for an export in the log (card and page).</summary>
    public static string KindKey(SurveyExportKind kind) => kind switch
    {
        SurveyExportKind.ResultsCsv => "resultsCsv",
        SurveyExportKind.ResultsXlsx => "resultsXlsx",
        SurveyExportKind.RawCsv => "rawCsv",
        _ => "rawXlsx",
    };

    private static string Short(string text) => CardText.Plain(text, 60);

    private static JsonObject Choice(string title, long value) => new() { ["title"] = title, ["value"] = value.ToString(CultureInfo.InvariantCulture) };

    private static JsonObject Line(string text) => new() { ["text"] = text };
}
