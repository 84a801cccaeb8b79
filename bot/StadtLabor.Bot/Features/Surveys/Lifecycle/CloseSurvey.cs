using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// "Vorzeitig beenden" (surveysLifecycle.close {surveyId, version, confirmed?}): without confirmed the question card;
/// with it, under the <see cref="SurveyLock"/> with the card's version, the running wave closes exactly as the close
/// job closes it (<see cref="WaveClosing"/>).
/// </summary>
public sealed class CloseSurvey(LabDbContext db, LifecycleReply reply, LifecycleView view, WaveClosing closing) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is null) return LifecycleReply.UnknownUser(turn);
        if (!LifecycleReply.TryRead(data, out var surveyId, out var version)) return LifecycleReply.BadRequest(turn);
        if (!CardInput.Flag(data, "confirmed"))
        {
            if (await reply.SurveyAsync(surveyId, ct) is not { } survey) return LifecycleReply.NoSurvey(turn);
            if (survey.Version != version) return await reply.StaleAsync(turn, surveyId, ct);
            if (await reply.LastWaveAsync(surveyId, ct) is not { Status: WaveStatus.Running })
                return await reply.ManageAsync(turn, surveyId, turn.Word("surveysLifecycle.error.notRunning"), ct);
            return new VerbResult.Card(view.Confirm(survey, turn.Lang, "surveysLifecycle.close", "surveysLifecycle.confirm.closeHeading",
                turn.Word("surveysLifecycle.confirm.closeText"), "surveysLifecycle.confirm.closeNo", "surveysLifecycle.confirm.closeYes"));
        }

        string notice;
        await using (var locked = await SurveyLock.EnterAsync(db, surveyId, ct))
        {
            if (locked is null) return LifecycleReply.NoSurvey(turn);
            if (locked.VersionBefore != version) return await reply.StaleAsync(turn, surveyId, ct);
            var running = await db.SurveyWaves().Where(w => w.SurveyId == surveyId && w.Status == WaveStatus.Running).Select(w => (long?)w.Id).FirstOrDefaultAsync(ct);
            if (running is null) return await reply.ManageAsync(turn, surveyId, turn.Word("surveysLifecycle.error.notRunning"), ct);
            await closing.CloseAsync(locked, running.Value, ct);
            notice = turn.Format("surveysLifecycle.notice.closed", Cards.CardText.Plain(locked.Survey.Title, SurveyLimits.Title));
            await locked.CommitAsync(ct);
        }
        return await reply.ManageAsync(turn, surveyId, notice, ct);
    }
}
