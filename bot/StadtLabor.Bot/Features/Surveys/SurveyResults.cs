using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>One option (or number) of a question and how many chose it; Count/Percent null when withheld.</summary>
public sealed record OptionFigure(string Label, Withheld Why, int? Count, double? Percent)
{
    public bool Shown => Why == Withheld.None;
}

/// <summary>
/// A question's figures in one group (or overall): how many answered, the mean (scales, numbers), the distribution.
/// When the group itself is withheld, nothing but the reason.
/// </summary>
public sealed record GroupFigures(string Key, string Label, Withheld Why, int? People, double? Mean, IReadOnlyList<OptionFigure> Options)
{
    public bool Shown => Why == Withheld.None;
}

/// <summary>A question in one wave: overall, by the groups of the chosen breakdown (empty without one), and free text.</summary>
public sealed record QuestionFigures(SurveyQuestion Question, GroupFigures Overall, IReadOnlyList<GroupFigures> Groups, TextFigure? Texts);

/// <summary>One closed wave of a question's results.</summary>
public sealed record WaveQuestionFigures(SurveyWave Wave, QuestionFigures Figures);

/// <summary>
/// THE way survey results are computed, for every card, page and export: counted in the database (one grouped query
/// per question and wave), decided by <see cref="SmallGroups"/> and <see cref="CrossTables"/>, never shown while a
/// wave runs (then only <see cref="RunningCountAsync"/>). A breakdown must be one the survey declared
/// (<see cref="SurveyQuestion.BreakdownSlot"/>); anything else is refused (null), whatever a card payload asks for.
///
/// The tables: without a breakdown, a question's distribution is the overall group with one part per option (the rule
/// of <see cref="SmallGroups"/>: parts under k hidden, and more until the hidden rest is 0 or ≥ k). With a breakdown,
/// options × groups is a cross table with both margins (overall per option, per group, total), decided as a whole by
/// <see cref="CrossTables"/> (audited when the survey declares one breakdown, the blunt rule with several: see
/// <see cref="QuestionTable"/>; a breakdown question by a breakdown shows only its margins). Multiple choice is one yes/no table per option (people who ticked it, and who did not).
/// Free text: only overall, from Privacy:MinFreeTextSize texts, never by group.
/// Every wave stands alone: no figure pools waves, so no wave can be subtracted from a sum of waves.
/// </summary>
public sealed class SurveyResults(LabDbContext db, SmallGroups smallGroups)
{
    /// <summary>The number of answers so far while a wave runs, or null while it is under the minimum group size.</summary>
    public async Task<int?> RunningCountAsync(long waveId, CancellationToken ct)
    {
        var count = await db.SurveyResponses().CountAsync(r => r.WaveId == waveId && r.Filled, ct);
        return count >= smallGroups.MinGroupSize ? count : null;
    }

    /// <summary>Number of answers of a closed wave as a figure (withheld under k).</summary>
    public async Task<Figure> RespondentsAsync(long waveId, CancellationToken ct)
    {
        var count = await db.SurveyResponses().CountAsync(r => r.WaveId == waveId && r.Filled, ct);
        return smallGroups.Figures(new Group("all", count))["all"];
    }

    /// <summary>
    /// Each started wave's number of answers as it may be shown, for the results list of the card and the page: a
    /// running wave's count so far (<see cref="RunningCountAsync"/>), a closed wave's (<see cref="RespondentsAsync"/>);
    /// null when under the minimum group size. Planned waves are left out.
    /// </summary>
    public async Task<IReadOnlyList<WaveCount>> WaveCountsAsync(IEnumerable<SurveyWave> waves, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(waves);
        var counts = new List<WaveCount>();
        foreach (var w in waves)
        {
            if (w.Status == WaveStatus.Running) counts.Add(new WaveCount(w, await RunningCountAsync(w.Id, ct)));
            else if (w.Status == WaveStatus.Closed && await RespondentsAsync(w.Id, ct) is var figure)
                counts.Add(new WaveCount(w, figure is { Shown: true, People: { } n } ? n : null));
        }
        return counts;
    }

    /// <summary>
    /// A question's results in each of these closed waves (in the order given), by the declared breakdown in
    /// <paramref name="breakdownSlot"/> (0: none). Null when the breakdown is not declared by this survey or the question
    /// is not the survey's. Running or planned waves are left out.
    /// </summary>
    public async Task<IReadOnlyList<WaveQuestionFigures>?> QuestionAsync(long questionId, IReadOnlyList<long> waveIds, int breakdownSlot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(waveIds);
        var question = await db.SurveyQuestions().AsNoTracking().SingleOrDefaultAsync(q => q.Id == questionId, ct);
        if (question is null) return null;
        SurveyQuestion? breakdown = null;
        if (breakdownSlot != 0)
        {
            breakdown = await db.SurveyQuestions().AsNoTracking()
                .SingleOrDefaultAsync(q => q.SurveyId == question.SurveyId && q.BreakdownSlot == breakdownSlot && breakdownSlot >= 1 && breakdownSlot <= SurveyLimits.MaxBreakdowns, ct);
            if (breakdown is null) return null;
        }
        var severalBreakdowns = await db.SurveyQuestions().CountAsync(q => q.SurveyId == question.SurveyId && q.BreakdownSlot > 0, ct) > 1;
        var waves = await db.SurveyWaves().AsNoTracking()
            .Where(w => waveIds.Contains(w.Id) && w.SurveyId == question.SurveyId && w.Status == WaveStatus.Closed).ToListAsync(ct);
        var result = new List<WaveQuestionFigures>();
        foreach (var id in waveIds)
            if (waves.FirstOrDefault(w => w.Id == id) is { } wave)
                result.Add(new WaveQuestionFigures(wave, await ComputeAsync(question, breakdown, severalBreakdowns, wave.Id, ct)));
        return result;
    }

    private async Task<QuestionFigures> ComputeAsync(SurveyQuestion q, SurveyQuestion? breakdown, bool severalBreakdowns, long waveId, CancellationToken ct)
    {
        var slot = breakdown?.BreakdownSlot ?? 0;
        if (q.Kind == QuestionKind.FreeText)
        {
            var texts = await db.SurveyValues().AsNoTracking()
                .Where(v => v.WaveId == waveId && v.QuestionId == q.Id && v.Text != null).Select(v => v.Text!).ToListAsync(ct);
            var respondents = await db.SurveyResponses().CountAsync(r => r.WaveId == waveId && r.Filled, ct);
            var people = smallGroups.Figures(new Group("all", respondents))["all"];
            var overall = new GroupFigures("all", "", people.Why, people.People, null, []);
            return new QuestionFigures(q, overall, [], smallGroups.Texts(new TextGroup("all", texts))["all"]);
        }

        // One grouped scan: (group of the breakdown, answer) → people.
        var rows = await db.SurveyValues().AsNoTracking()
            .Where(v => v.WaveId == waveId && v.QuestionId == q.Id && (v.Choice != null || v.Number != null))
            .GroupBy(v => new
            {
                Group = slot == 1 ? v.Group1 : slot == 2 ? v.Group2 : slot == 3 ? v.Group3 : slot == 4 ? v.Group4 : null,
                v.Choice,
                v.Number,
            })
            .Select(g => new { g.Key.Group, g.Key.Choice, g.Key.Number, People = g.Count() })
            .ToListAsync(ct);
        var answers = rows.Select(r => new CountedAnswer(r.Group, r.Choice, r.Number, r.People)).ToList();
        var groupLabels = breakdown?.OptionList() ?? [];
        return QuestionTable.Decide(q, answers, groupLabels, breakdown is not null, smallGroups, severalBreakdowns);
    }
}

/// <summary>A started wave and its number of answers, null while under the minimum group size.</summary>
public sealed record WaveCount(SurveyWave Wave, int? Answers);

/// <summary>How many people in a group (the breakdown's option index; null without one) gave this answer.</summary>
public sealed record CountedAnswer(int? Group, int? Choice, int? Number, int People);
