using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle.Jobs;

/// <summary>
/// Working days at 9:00: a running wave reminds the people who may still answer (<see cref="SurveyPending"/>: whoever
/// answered is gone from it) on its reminder days, counted from the first day; a reminder day on a weekend or holiday is
/// kept on the next working day. Keyed "surveys.remind:{waveId}:{day}:{user}", so a second run, or the next working
/// day's run, reminds nobody twice for the same day. Nothing about answers is read.
/// </summary>
public sealed partial class RemindPending(LabDbContext db, OutboxWriter outbox, InvitationCards cards, TimeProvider time, ILogger<RemindPending> log) : ILabJob
{
    public const string Name = "RemindSurveyInvitees";
    public const string DefaultCron = "0 0 9 ? * MON-FRI";

    public static string Key(long waveId, int day, string user) => $"surveys.remind:{waveId}:{day}:{user}";

    /// <summary>
    /// The person has just answered (<see cref="SurveySubmission"/>, in its transaction): their reminders for this wave
    /// that have not gone out yet are taken back, so nobody is reminded of a survey they answered. The keys come from
    /// the survey's reminder days (they cannot change while a wave runs); nothing about the answer is read or written.
    /// </summary>
    public static async Task WithdrawAsync(LabDbContext db, long waveId, string user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var days = await db.SurveyWaves().Where(w => w.Id == waveId)
            .Join(db.Surveys(), w => w.SurveyId, s => s.Id, (_, s) => s.ReminderDays).SingleOrDefaultAsync(ct);
        if (days is null) return;
        await OutboxWithdrawal.UnsentAsync(db, [.. WavePlanRules.ReminderDayList(days).Select(d => Key(waveId, d, user))], ct);
    }

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(period.Start.DateTime);
        if (!WorkingDays.IsWorkingDay(today)) return;
        var waves = await db.SurveyWaves().AsNoTracking()
            .Where(w => w.Status == WaveStatus.Running && w.OpensOn < today && w.ClosesOn >= today).OrderBy(w => w.Id).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var sent = 0;
        foreach (var wave in waves)
        {
            var survey = await db.Surveys().AsNoTracking().SingleAsync(s => s.Id == wave.SurveyId, ct);
            var day = WavePlanRules.ReminderDayList(survey.ReminderDays).Where(d => NextWorkingDay(wave.OpensOn.AddDays(d)) == today).DefaultIfEmpty(0).Max();
            if (day == 0) continue;
            var waveId = wave.Id;
            var people = await (from p in db.SurveyPending()
                                join i in db.SurveyInvitees() on new { p.WaveId, p.UserAadObjectId } equals new { i.WaveId, i.UserAadObjectId }
                                where p.WaveId == waveId
                                select new { i.UserAadObjectId, i.TenantId, i.Lang }).ToListAsync(ct);
            if (people.Count == 0) continue;
            var hasFreeText = await InvitationCards.HasFreeTextAsync(db, survey.Id, ct);
            db.ChangeTracker.Clear();
            await using var tx = await LabTransaction.BeginAsync(db, ct);
            var byLang = people.Select(p => p.Lang).Distinct().ToDictionary(l => l, l => Activity.Card(cards.Reminder(survey, wave, hasFreeText, l, now)));
            foreach (var tenant in people.GroupBy(p => p.TenantId))
                sent += await outbox.ToUsersAsync(tenant.Key, tenant.Select(p => (Key(waveId, day, p.UserAadObjectId), p.UserAadObjectId, byLang[p.Lang])), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        if (sent > 0) LogReminded(log, sent);
    }

    private static DateOnly NextWorkingDay(DateOnly day)
    {
        while (!WorkingDays.IsWorkingDay(day)) day = day.AddDays(1);
        return day;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey reminders queued: {Count}")]
    private static partial void LogReminded(ILogger logger, int count);
}
