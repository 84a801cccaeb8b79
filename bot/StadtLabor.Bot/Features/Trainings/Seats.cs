using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>Counting seats and places in line. Exact only under the <see cref="SessionLock"/>; elsewhere a snapshot for display.</summary>
public static class Seats
{
    public static Task<int> TakenAsync(LabDbContext db, long sessionId, CancellationToken ct) =>
        db.TrainingRegistrations().CountAsync(r => r.SessionId == sessionId
            && (r.Status == RegistrationStatus.Booked || r.Status == RegistrationStatus.Offered), ct);

    public static Task<int> WaitingAsync(LabDbContext db, long sessionId, CancellationToken ct) =>
        db.TrainingRegistrations().CountAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Waitlisted, ct);

    /// <summary>1 for the first in line.</summary>
    public static async Task<int> PositionAsync(LabDbContext db, Registration registration, CancellationToken ct) =>
        1 + await db.TrainingRegistrations().CountAsync(r => r.SessionId == registration.SessionId
            && r.Status == RegistrationStatus.Waitlisted && r.WaitlistSeq < registration.WaitlistSeq, ct);

    /// <summary>The next number in line for a session (under the lock, so no two people get the same).</summary>
    public static async Task<long> NextWaitlistSeqAsync(LabDbContext db, long sessionId, CancellationToken ct) =>
        1 + (await db.TrainingRegistrations().Where(r => r.SessionId == sessionId).MaxAsync(r => (long?)r.WaitlistSeq, ct) ?? 0);
}
