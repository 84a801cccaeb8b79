using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle.Jobs;

/// <summary>
/// Every day at 10:00: a running wave for everyone with the app also invites the people who got the app after it
/// started (with their answer slot, through <see cref="WaveInvitations"/>, under the survey's lock), and a wave for
/// Entra groups the people who joined a group since (read through Graph again; a group Graph cannot read adds nobody
/// today). Whoever was invited before is skipped, so a second run invites nobody.
/// </summary>
public sealed partial class InviteLateJoiners(LabDbContext db, WaveAudience audience, WaveInvitations invitations, ILogger<InviteLateJoiners> log) : ILabJob
{
    public const string Name = "InviteSurveyLateJoiners";
    public const string DefaultCron = "0 0 10 * * ?";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(period.Start.DateTime);
        var waves = await (from w in db.SurveyWaves()
                           join s in db.Surveys() on w.SurveyId equals s.Id
                           where w.Status == WaveStatus.Running && w.ClosesOn >= today
                               && (s.AudienceKind == AudienceKind.Everyone || s.AudienceKind == AudienceKind.Groups)
                           orderby w.Id
                           select new { w.Id, w.SurveyId, s.AudienceKind }).AsNoTracking().ToListAsync(ct);
        if (waves.Count == 0) return;
        var everyone = waves.Any(w => w.AudienceKind == AudienceKind.Everyone) ? await audience.EveryoneAsync(ct) : [];
        var invited = 0;
        foreach (var w in waves)
        {
            var known = (await db.SurveyInvitees().Where(i => i.WaveId == w.Id).Select(i => i.UserAadObjectId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var reached = w.AudienceKind == AudienceKind.Everyone ? everyone : await GroupMembersAsync(w.SurveyId, ct);
            var fresh = reached.Where(p => !known.Contains(p.AadObjectId)).ToList();
            if (fresh.Count == 0) continue;
            await using var locked = await SurveyLock.EnterAsync(db, w.SurveyId, ct);
            if (locked is null) continue;
            var wave = await db.SurveyWaves().SingleOrDefaultAsync(x => x.Id == w.Id && x.Status == WaveStatus.Running, ct);
            if (wave is null) continue;
            invited += await invitations.InviteAsync(locked.Survey, wave, fresh, ct);
            await locked.CommitAsync(ct);
        }
        if (invited > 0) LogInvited(log, invited);
    }

    private async Task<IReadOnlyList<Invitee>> GroupMembersAsync(long surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys().AsNoTracking().SingleAsync(s => s.Id == surveyId, ct);
        var result = await audience.ResolveAsync(survey, ct);
        return result.Complete ? result.People : [];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "People invited to running surveys after they got the app: {Count}")]
    private static partial void LogInvited(ILogger logger, int count);
}
