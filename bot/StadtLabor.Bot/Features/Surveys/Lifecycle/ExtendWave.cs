using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// "Verlängern" (surveysLifecycle.extend {surveyId, version, closesOn}): the running wave's last day moves later, after
/// today and after the current last day, at most <see cref="WavePlanRules.MaxDays"/> days after its first day; under the
/// <see cref="SurveyLock"/> with the card's version. Reminders keep counting from the first day.
/// </summary>
public sealed class ExtendWave(LabDbContext db, LifecycleReply reply, LifecycleView view, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is null) return LifecycleReply.UnknownUser(turn);
        if (!LifecycleReply.TryRead(data, out var surveyId, out var version)) return LifecycleReply.BadRequest(turn);
        var closesOn = WavePlanRules.Day(CardInput.Text(data, "closesOn"));

        string notice;
        await using (var locked = await SurveyLock.EnterAsync(db, surveyId, ct))
        {
            if (locked is null) return LifecycleReply.NoSurvey(turn);
            if (locked.VersionBefore != version) return await reply.StaleAsync(turn, surveyId, ct);
            var wave = await db.SurveyWaves().Where(w => w.SurveyId == surveyId && w.Status == WaveStatus.Running).FirstOrDefaultAsync(ct);
            if (wave is null) return await reply.ManageAsync(turn, surveyId, turn.Word("surveysLifecycle.error.notRunning"), ct);
            var latest = wave.OpensOn.AddDays(WavePlanRules.MaxDays);
            if (closesOn is null) return await reply.ManageAsync(turn, surveyId, turn.Word("surveysLifecycle.error.date"), ct);
            if (closesOn <= wave.ClosesOn || closesOn <= view.Today)
                return await reply.ManageAsync(turn, surveyId, turn.Format("surveysLifecycle.error.extendNotLater", Wording.Day(turn.Lang, wave.ClosesOn)), ct);
            if (closesOn > latest)
                return await reply.ManageAsync(turn, surveyId,
                    turn.Format("surveysLifecycle.error.extendTooLong", WavePlanRules.MaxDays, Wording.Day(turn.Lang, wave.OpensOn)), ct);
            wave.ClosesOn = closesOn.Value;
            locked.Survey.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
            notice = turn.Format("surveysLifecycle.notice.extended", Wording.Day(turn.Lang, closesOn.Value));
            await locked.CommitAsync(ct);
        }
        return await reply.ManageAsync(turn, surveyId, notice, ct);
    }
}
