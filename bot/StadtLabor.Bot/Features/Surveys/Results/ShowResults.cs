using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>
/// surveysResults.show {surveyId, questionId?, slot?} (role ResearchPartner; Innovation passes): one question of a
/// survey with the figures of every closed wave side by side, by one of the survey's declared breakdowns or none.
/// Every id and the slot come from a card and are untrusted: the question must be the survey's, and a slot the survey
/// did not declare (an edited payload) is refused with a card, never answered with some other grouping; the refusal
/// is logged as a warning without anyone's data.
/// </summary>
public sealed partial class ShowResults(LabDbContext db, ResultsCard view, ILogger<ShowResults> log) : IVerbHandler
{
    public const string Verb = "surveysResults.show";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        if (!turn.IsPersonal) return turn.ErrorCard(turn.Word("surveysResults.personalOnly"));
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId) || await ResultsSurvey.LoadAsync(db, surveyId, ct) is not { } s)
            return turn.ErrorCard(turn.Word("surveysResults.unknown"));

        SurveyQuestion? q;
        if (data["questionId"] is null || (CardInput.WholeNumber(data, "questionId") ?? -1) == 0)
            q = s.Questions.Count > 0 ? s.Questions[0] : null;
        else if (!CardInput.TryGetId(data, "questionId", out var questionId) || s.Questions.FirstOrDefault(x => x.Id == questionId) is not { } asked)
            return turn.ErrorCard(turn.Word("surveysResults.unknown"));
        else
            q = asked;

        var slot = data["slot"] is null ? 0 : CardInput.WholeNumber(data, "slot");
        if (slot is not { } chosen || (chosen != 0 && s.Breakdowns.All(b => b.BreakdownSlot != chosen)))
            return Undeclared(turn, surveyId);
        if (q is null || s.Closed.Count == 0) return new VerbResult.Card(await view.RenderAsync(turn, s, q, 0, [], null, ct));

        // SurveyResults decides again (the one owner of the rule): null means the slot is not this survey's breakdown.
        if (await view.FiguresAsync(s, q, chosen, ct) is not { } figures) return Undeclared(turn, surveyId);
        return new VerbResult.Card(await view.RenderAsync(turn, s, q, chosen, figures, null, ct));
    }

    private VerbResult Undeclared(TurnContext turn, long surveyId)
    {
        LogUndeclared(log, surveyId);
        return turn.ErrorCard(turn.Word("surveysResults.undeclared"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Survey results refused: a card asked for a breakdown survey {SurveyId} did not declare")]
    private static partial void LogUndeclared(ILogger logger, long surveyId);
}
