using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// "Starten" (surveysLifecycle.plan {surveyId}) and "Neue Welle" (surveysLifecycle.newWave {surveyId}): the plan card
/// for the survey's next wave, with the defaults (everyone, today to today + Surveys:DefaultDurationDays, its reminder
/// days; a new wave starts from the last one's audience). Only when no wave runs or is planned: otherwise the status card
/// says why. A new wave asks the same questions (they cannot change once a wave started).
/// </summary>
public sealed class ShowPlan(LifecycleReply reply, LifecycleView view) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is null) return LifecycleReply.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId)) return LifecycleReply.BadRequest(turn);
        if (await reply.SurveyAsync(surveyId, ct) is not { } survey) return LifecycleReply.NoSurvey(turn);
        var last = await reply.LastWaveAsync(surveyId, ct);
        if (last is { Status: not WaveStatus.Closed })
            return await reply.ManageAsync(turn, surveyId, turn.Word("surveysLifecycle.error.waveOpen"), ct);
        if (turn.Verb == NewWaveVerb && last is null)
            return await reply.ManageAsync(turn, surveyId, turn.Word("surveysLifecycle.error.notClosed"), ct);
        return new VerbResult.Card(await view.PlanAsync(survey, (last?.Number ?? 0) + 1, turn.Lang, null, new Dictionary<string, string>(), "", ct));
    }

    public const string NewWaveVerb = "surveysLifecycle.newWave";
}
