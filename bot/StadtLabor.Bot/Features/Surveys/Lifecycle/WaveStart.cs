using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>What starting a wave came to: started with so many invitations, or not (a team's member list failed).</summary>
public sealed record StartOutcome(bool Started, int Invited, IReadOnlyList<string> FailedTeams);

/// <summary>
/// The one way a planned wave starts (the start card when it opens today, the start job otherwise): the audience as it
/// is today (<see cref="WaveAudience"/>, asked BEFORE the lock, because Teams may take seconds and the lock blocks
/// every other change of the survey), then under the caller's lock the invitations (<see cref="WaveInvitations"/>),
/// status Running and the start moment. When a team's member list failed nothing is written and the wave stays planned.
/// </summary>
public sealed class WaveStart(LabDbContext db, WaveInvitations invitations, TimeProvider time)
{
    public async Task<StartOutcome> StartAsync(LockedSurvey locked, SurveyWave wave, AudienceResult audience, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(locked);
        ArgumentNullException.ThrowIfNull(wave);
        ArgumentNullException.ThrowIfNull(audience);
        if (!audience.Complete) return new StartOutcome(false, 0, audience.FailedTeams);
        var now = time.GetUtcNow().UtcDateTime;
        wave.Status = WaveStatus.Running;
        wave.StartedAtUtc = now;
        locked.Survey.UpdatedAtUtc = now;
        if (db.Entry(wave).State == EntityState.Detached) db.SurveyWaves().Update(wave);
        var invited = await invitations.InviteAsync(locked.Survey, wave, audience.People, ct);
        return new StartOutcome(true, invited, []);
    }
}
