using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// "Einladungen planen" on the plan card (surveysLifecycle.start {surveyId, version, audience, people, teams, opensOn,
/// closesOn, reminderDays}): checks the plan (<see cref="WavePlanRules"/>), then under the <see cref="SurveyLock"/>
/// with the card's version: the survey has a question, no wave runs or is planned; the audience and reminder days go
/// onto the survey, wave N+1 is written as planned, and when it opens today it starts at once (<see cref="WaveStart"/>,
/// the audience fetched before the lock). A team whose member list fails: nothing is written, the status card names it.
/// The same click twice finds the version raised and changes nothing.
/// </summary>
public sealed class StartWave(LabDbContext db, LifecycleReply reply, LifecycleView view, WaveAudience audience, WaveStart start, Strings strings,
    TimeProvider time)
    : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is null) return LifecycleReply.UnknownUser(turn);
        if (!LifecycleReply.TryRead(data, out var surveyId, out var version)) return LifecycleReply.BadRequest(turn);
        if (await reply.SurveyAsync(surveyId, ct) is not { } survey) return LifecycleReply.NoSurvey(turn);
        var nextWave = (await reply.LastWaveAsync(surveyId, ct))?.Number + 1 ?? 1;
        var form = PlanForm.Read(data);
        var teams = (await audience.TeamsAsync(ct)).Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal);
        var (plan, errors) = WavePlanRules.Check(form, view.Today, teams, audience.GroupsOffered);
        if (plan is null) return await PlanAgainAsync(turn, survey, nextWave, form, errors, ct);

        AudienceResult? reached = null;
        if (plan.OpensOn == view.Today)
        {
            var planned = new Survey { Title = survey.Title, TenantId = survey.TenantId, AudienceKind = plan.Kind, Audience = string.Join(',', plan.Audience) };
            reached = await audience.ResolveAsync(planned, ct);
            if (!reached.Complete)
            {
                var failed = plan.Kind == AudienceKind.Groups
                    ? turn.Format("surveysLifecycle.notice.rosterFailed", string.Join(", ", reached.FailedTeams.Select(g => turn.Format("graphReach.group", g))))
                    : await RosterFailedAsync(turn, reached.FailedTeams, ct);
                return await reply.ManageAsync(turn, surveyId, failed, ct);
            }
            if (reached.People.Count == 0)
                return await PlanAgainAsync(turn, survey, nextWave, form, new() { ["audience"] = "surveysLifecycle.error.nobody" }, ct);
        }

        string notice;
        await using (var locked = await SurveyLock.EnterAsync(db, surveyId, ct))
        {
            if (locked is null) return LifecycleReply.NoSurvey(turn);
            if (locked.VersionBefore != version) return await reply.StaleAsync(turn, surveyId, ct);
            if (await db.SurveyWaves().AnyAsync(w => w.SurveyId == surveyId && w.Status != WaveStatus.Closed, ct))
                return await reply.ManageAsync(turn, surveyId, turn.Word("surveysLifecycle.error.waveOpen"), ct);
            if (!await db.SurveyQuestions().AnyAsync(q => q.SurveyId == surveyId, ct))
                return await PlanAgainAsync(turn, survey, nextWave, form, new() { ["audience"] = "surveysLifecycle.error.noQuestions" }, ct);

            var s = locked.Survey;
            s.AudienceKind = plan.Kind;
            s.Audience = string.Join(',', plan.Audience);
            s.ReminderDays = plan.ReminderDays;
            var number = await db.SurveyWaves().Where(w => w.SurveyId == surveyId).MaxAsync(w => (int?)w.Number, ct) ?? 0;
            var wave = new SurveyWave { SurveyId = surveyId, Number = number + 1, Status = WaveStatus.Planned, OpensOn = plan.OpensOn, ClosesOn = plan.ClosesOn };
            db.SurveyWaves().Add(wave);
            if (reached is not null)
            {
                var outcome = await start.StartAsync(locked, wave, reached, ct);
                notice = turn.Format("surveysLifecycle.notice.started", wave.Number, outcome.Invited);
            }
            else
            {
                s.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
                notice = turn.Format("surveysLifecycle.notice.planned", wave.Number, Wording.Day(turn.Lang, plan.OpensOn));
            }
            await locked.CommitAsync(ct);
        }
        return await reply.ManageAsync(turn, surveyId, notice, ct);
    }

    private async Task<VerbResult> PlanAgainAsync(TurnContext turn, Survey survey, int nextWave, PlanForm form, Dictionary<string, string> errors, CancellationToken ct) =>
        new VerbResult.Card(await view.PlanAsync(survey, nextWave, turn.Lang, form, errors, "", ct));

    private async Task<string> RosterFailedAsync(TurnContext turn, IReadOnlyList<string> failed, CancellationToken ct)
    {
        var teams = await audience.TeamsAsync(ct);
        var names = await audience.TeamNamesAsync(teams, n => strings.Format(turn.Lang, "surveysLifecycle.plan.team", n), ct);
        var named = failed.Select(id => names.GetValueOrDefault(id) ?? turn.Format("surveysLifecycle.plan.team", "?"));
        return turn.Format("surveysLifecycle.notice.rosterFailed", string.Join(", ", named));
    }
}
