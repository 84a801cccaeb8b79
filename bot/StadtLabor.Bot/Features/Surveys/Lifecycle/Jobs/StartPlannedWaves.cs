using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle.Jobs;

/// <summary>
/// Every morning at 7:00: planned waves whose first day has come (OpensOn ≤ the run's Berlin day) start
/// (<see cref="WaveStart"/>, the same start as the plan card's). A wave whose team member list fails stays planned and
/// is tried again the next morning; its creator hears of it once per day in the 1:1 chat. A second run finds the waves
/// running and does nothing.
/// </summary>
public sealed partial class StartPlannedWaves(LabDbContext db, WaveAudience audience, WaveStart start, OutboxWriter outbox, Languages languages,
    Strings strings, ILogger<StartPlannedWaves> log) : ILabJob
{
    public const string Name = "StartSurveyWaves";
    public const string DefaultCron = "0 0 7 * * ?";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(period.Start.DateTime);
        var due = await db.SurveyWaves().AsNoTracking().Where(w => w.Status == WaveStatus.Planned && w.OpensOn <= today)
            .OrderBy(w => w.Id).Select(w => new { w.Id, w.SurveyId }).ToListAsync(ct);
        var started = 0;
        foreach (var d in due)
        {
            db.ChangeTracker.Clear();
            if (await db.Surveys().AsNoTracking().SingleOrDefaultAsync(s => s.Id == d.SurveyId, ct) is not { } survey) continue;
            // Teams is asked before the lock: a slow member list must not block the survey's cards.
            var reached = await audience.ResolveAsync(survey, ct);
            if (!reached.Complete)
            {
                await TellCreatorAsync(survey, d.Id, today, reached.FailedTeams.Count, survey.AudienceKind == AudienceKind.Groups, ct);
                continue;
            }
            await using var locked = await SurveyLock.EnterAsync(db, d.SurveyId, ct);
            if (locked is null) continue;
            var wave = await db.SurveyWaves().SingleOrDefaultAsync(w => w.Id == d.Id && w.Status == WaveStatus.Planned, ct);
            if (wave is null) continue;
            var outcome = await start.StartAsync(locked, wave, reached, ct);
            await locked.CommitAsync(ct);
            if (outcome.Started) started++;
        }
        if (started > 0) LogStarted(log, started);
    }

    private async Task TellCreatorAsync(Survey survey, long waveId, DateOnly today, int teams, bool groups, CancellationToken ct)
    {
        LogRosterFailed(log, waveId, teams);
        if (survey.CreatedByAadObjectId.Length == 0) return;
        var number = await db.SurveyWaves().Where(w => w.Id == waveId).Select(w => w.Number).SingleAsync(ct);
        var lang = await languages.ForPersonAsync(survey.TenantId, survey.CreatedByAadObjectId, Strings.German, ct);
        var text = strings.Format(lang, "surveysLifecycle.notice.rosterFailedJob", number, CardText.Plain(survey.Title, SurveyLimits.Title),
            strings.Format(lang, groups ? "graphReach.groups" : "surveysLifecycle.plan.team", teams));
        await outbox.ToUserAsync($"surveys.rosterFailed:{waveId}:{WavePlanRules.Iso(today)}", survey.TenantId, survey.CreatedByAadObjectId, Activity.Message(text), ct);
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey waves started: {Count}")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Survey wave {WaveId} did not start: the member list of {Teams} team(s) could not be fetched; tried again tomorrow")]
    private static partial void LogRosterFailed(ILogger logger, long waveId, int teams);
}
