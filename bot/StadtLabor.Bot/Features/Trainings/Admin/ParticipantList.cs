using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>One person on a session's list, as the lab team sees it. WaitlistPosition is 0 for people with a seat.</summary>
public sealed record Participant(
    long RegistrationId, string Name, RegistrationStatus Status, int WaitlistPosition, DateTime? BookedAtUtc,
    Attendance Attendance, int NoShows);

/// <summary>
/// Who is on a session: people with a seat (booked or holding an offer) by name, then the waitlist in order. Shared by
/// the participant card and the exports, so both always list the same people.
/// </summary>
public static class ParticipantList
{
    public static async Task<IReadOnlyList<Participant>> LoadAsync(LabDbContext db, long sessionId, string lang, CancellationToken ct)
    {
        var people = await db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.SessionId == sessionId).Where(SeatRule.Active)
            .ToListAsync(ct);
        var ids = people.Select(r => r.UserAadObjectId).ToList();
        // Over all sessions, for the lab team only: who booked and did not come before.
        var noShows = await db.TrainingRegistrations().AsNoTracking()
            .Where(r => ids.Contains(r.UserAadObjectId) && r.Attendance == Attendance.NoShow)
            .GroupBy(r => r.UserAadObjectId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var byName = StringComparer.Create(Cards.Strings.Culture(lang), ignoreCase: true);
        var seated = people.Where(r => r.HoldsSeat).OrderBy(r => r.UserName, byName).ThenBy(r => r.Id)
            .Select(r => Row(r, 0));
        var waiting = people.Where(r => r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.WaitlistSeq)
            .Select((r, i) => Row(r, i + 1));
        return [.. seated, .. waiting];

        Participant Row(Registration r, int position) => new(
            r.Id, r.UserName, r.Status, position, r.BookedAtUtc, r.Attendance, noShows.GetValueOrDefault(r.UserAadObjectId));
    }
}
