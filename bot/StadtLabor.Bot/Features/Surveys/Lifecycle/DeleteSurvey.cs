using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// "Löschen" (surveysLifecycle.delete {surveyId, version, confirmed?}): first the question naming what goes (questions,
/// waves, invitations, all answers; answer counts only as the small-group rule allows), then under the
/// <see cref="SurveyLock"/> with the card's version the survey with everything in it (the database cascades from the
/// survey row) and the invitations and reminders of its waves that have not gone out yet.
/// </summary>
public sealed class DeleteSurvey(LabDbContext db, LifecycleReply reply, LifecycleView view, SurveyResults results, SmallGroups smallGroups,
    CardRenderer cards) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is null) return LifecycleReply.UnknownUser(turn);
        if (!LifecycleReply.TryRead(data, out var surveyId, out var version)) return LifecycleReply.BadRequest(turn);
        if (!CardInput.Flag(data, "confirmed"))
        {
            if (await reply.SurveyAsync(surveyId, ct) is not { } survey) return LifecycleReply.NoSurvey(turn);
            if (survey.Version != version) return await reply.StaleAsync(turn, surveyId, ct);
            var text = turn.Format("surveysLifecycle.confirm.deleteText", await db.SurveyQuestions().CountAsync(q => q.SurveyId == surveyId, ct),
                await db.SurveyWaves().CountAsync(w => w.SurveyId == surveyId, ct), await AnswersAsync(turn, surveyId, ct));
            return new VerbResult.Card(view.Confirm(survey, turn.Lang, "surveysLifecycle.delete", "surveysLifecycle.confirm.deleteHeading", text,
                "surveysLifecycle.confirm.deleteNo", "surveysLifecycle.confirm.deleteYes"));
        }

        string title;
        await using (var locked = await SurveyLock.EnterAsync(db, surveyId, ct))
        {
            if (locked is null) return LifecycleReply.NoSurvey(turn);
            if (locked.VersionBefore != version) return await reply.StaleAsync(turn, surveyId, ct);
            title = CardText.Plain(locked.Survey.Title, SurveyLimits.Title);
            var waves = await db.SurveyWaves().Where(w => w.SurveyId == surveyId).Select(w => w.Id).ToListAsync(ct);
            foreach (var waveId in waves)
            {
                string invite = $"surveys.invite:{waveId}:", remind = $"surveys.remind:{waveId}:";
                await db.OutboxMessages().Where(m => m.Status == OutboxStatus.Pending && (m.DedupeKey.StartsWith(invite) || m.DedupeKey.StartsWith(remind)))
                    .ExecuteDeleteAsync(ct);
            }
            await db.Surveys().Where(s => s.Id == surveyId).ExecuteDeleteAsync(ct);
            db.ChangeTracker.Clear();
            await locked.CommitAsync(ct);
        }
        return new VerbResult.Card(cards.Render("surveys/lifecycle-confirm", turn.Lang, new JsonObject
        {
            ["surveyId"] = surveyId,
            ["version"] = 0,
            ["heading"] = turn.Format("surveysLifecycle.notice.deleted", title),
            ["text"] = "",
            ["verb"] = "",
            ["noTitle"] = "",
            ["yesTitle"] = "",
            ["done"] = true,
        }));
    }

    /// <summary>"Welle 1: 12; Welle 2: weniger als 5": per wave as the status card shows it, never a sum that could be subtracted.</summary>
    private async Task<string> AnswersAsync(TurnContext turn, long surveyId, CancellationToken ct)
    {
        var waves = await db.SurveyWaves().AsNoTracking().Where(w => w.SurveyId == surveyId).OrderBy(w => w.Number).ToListAsync(ct);
        var parts = new List<string>();
        foreach (var w in waves.Where(w => w.Status != WaveStatus.Planned))
        {
            int? n = w.Status == WaveStatus.Running ? await results.RunningCountAsync(w.Id, ct)
                : await results.RespondentsAsync(w.Id, ct) is { Shown: true, People: { } p } ? p : null;
            parts.Add(turn.Format("surveysLifecycle.manage.wave", w.Number,
                n is { } count ? count.ToString("N0", Strings.Culture(turn.Lang)) : turn.Format("surveysLifecycle.manage.fewerThan", smallGroups.MinGroupSize)));
        }
        return parts.Count == 0 ? turn.Word("surveysLifecycle.manage.notYet") : string.Join("; ", parts);
    }
}
