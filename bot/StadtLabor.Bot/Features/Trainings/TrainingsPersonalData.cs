using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Trainings.Jobs;
using StadtLabor.Bot.Features.Trainings.Calendar;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "meine daten" for the trainings: registrations (bookings, waitlist places, earlier ones), interests in a tool and,
/// for the lab team, who created a session. Feedback holds no person (see TrainingFeedback) and is not touched.
/// Erasing runs per session under the <see cref="SessionLock"/>, so a freed seat
/// goes to the next in line with the offer in the outbox in the same transaction, as when the person cancels.
/// </summary>
public sealed class TrainingsPersonalData(
    LabDbContext db, Waitlist waitlist, IOptions<PrivacyOptions> options, IEnumerable<IRetentionPolicy> policies,
    TrainingCalendar calendar, TimeProvider time) : IPersonalData
{
    public const string Bookings = "trainingBookings";
    public const string Waitlisted = "trainingWaitlist";
    public const string Earlier = "trainingEarlier";
    public const string Interests = "trainingInterests";
    public const string SessionsCreated = "trainingSessionsCreated";

    /// <summary>Stands in for the person on an anonymised booking: unique per row (the index is per session and person), random, so it links nothing.</summary>
    public const string ErasedPrefix = "erased:";

    public IReadOnlyList<Type> Covers => [typeof(Registration), typeof(TrainingInterest), typeof(TrainingSession)];

    public async Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct)
    {
        var statuses = await db.TrainingRegistrations().Where(r => r.UserAadObjectId == person.AadObjectId).Select(r => r.Status).ToListAsync(ct);
        var days = options.Value.DaysFor<PurgeTrainingRegistrations>(policies);
        return
        [
            new(Bookings, statuses.Count(SeatRule.HoldsSeat), days),
            new(Waitlisted, statuses.Count(s => s == RegistrationStatus.Waitlisted), days),
            new(Earlier, statuses.Count(s => s is RegistrationStatus.Cancelled or RegistrationStatus.Declined or RegistrationStatus.OfferExpired), days),
            new(Interests, await db.TrainingInterests().CountAsync(i => i.UserAadObjectId == person.AadObjectId, ct),
                options.Value.DaysFor<PurgeNotifiedTrainingInterests>(policies)),
            new(SessionsCreated, await db.TrainingSessions().CountAsync(s => s.CreatedByAadObjectId == person.AadObjectId, ct)),
        ];
    }

    public async Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct)
    {
        var registrations = await (
            from r in db.TrainingRegistrations().AsNoTracking()
            join s in db.TrainingSessions() on r.SessionId equals s.Id
            where r.UserAadObjectId == person.AadObjectId
            orderby s.StartsAtUtc, r.Id
            select new { r, s.Title, s.StartsAtUtc }).ToListAsync(ct);
        var interests = await (
            from i in db.TrainingInterests().AsNoTracking()
            join t in db.TrainingTools() on i.ToolId equals t.Id
            where i.UserAadObjectId == person.AadObjectId
            orderby i.Id
            select new { i, Tool = t.Name }).ToListAsync(ct);
        var created = await db.TrainingSessions().AsNoTracking().Where(s => s.CreatedByAadObjectId == person.AadObjectId)
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.Title, s.StartsAtUtc, s.CreatedAtUtc }).ToListAsync(ct);

        return
        [
            .. registrations.Select(x => new PersonalRecord(KindOf(x.r.Status), new Dictionary<string, object?>
            {
                ["session"] = x.Title,
                ["startsAtUtc"] = x.StartsAtUtc,
                ["status"] = x.r.Status.ToString(),
                ["name"] = x.r.UserName,
                ["aadObjectId"] = x.r.UserAadObjectId,
                ["language"] = x.r.Lang,
                ["bookedAtUtc"] = x.r.BookedAtUtc,
                ["offerExpiresAtUtc"] = x.r.OfferExpiresAtUtc,
                ["attendance"] = x.r.Attendance.ToString(),
                ["createdAtUtc"] = x.r.CreatedAtUtc,
                ["updatedAtUtc"] = x.r.UpdatedAtUtc,
            })),
            .. interests.Select(x => new PersonalRecord(Interests, new Dictionary<string, object?>
            {
                ["tool"] = x.Tool,
                ["aadObjectId"] = x.i.UserAadObjectId,
                ["language"] = x.i.Lang,
                ["createdAtUtc"] = x.i.CreatedAtUtc,
                ["notifiedAtUtc"] = x.i.NotifiedAtUtc,
            })),
            .. created.Select(x => new PersonalRecord(SessionsCreated, new Dictionary<string, object?>
            {
                ["session"] = x.Title,
                ["startsAtUtc"] = x.StartsAtUtc,
                ["createdAtUtc"] = x.CreatedAtUtc,
            })),
        ];
    }

    public async Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct)
    {
        var sessionIds = await db.TrainingRegistrations().Where(r => r.UserAadObjectId == person.AadObjectId)
            .Select(r => r.SessionId).Distinct().ToListAsync(ct);
        int removedBookings = 0, removedWaitlist = 0, removedEarlier = 0, anonymised = 0;
        foreach (var sessionId in sessionIds)
        {
            Outcome outcome;
            await using (var locked = await SessionLock.EnterAsync(db, sessionId, ct))
            {
                if (locked is null) continue;
                outcome = await EraseAsync(locked.Session, person, ct);
                if (outcome is Outcome.RemovedBooking) await calendar.ChangedAsync(locked.Session, ct);
                await locked.CommitAsync(ct);
            }
            switch (outcome)
            {
                case Outcome.Anonymised: anonymised++; break;
                case Outcome.RemovedBooking: removedBookings++; break;
                case Outcome.RemovedWaitlist: removedWaitlist++; break;
                case Outcome.RemovedEarlier: removedEarlier++; break;
            }
        }
        var interests = await db.TrainingInterests().Where(i => i.UserAadObjectId == person.AadObjectId).ExecuteDeleteAsync(ct);
        // The session is the lab's offer, not the person's data: only the link to who created it goes.
        var created = await db.TrainingSessions().Where(s => s.CreatedByAadObjectId == person.AadObjectId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedByAadObjectId, ""), ct);
        return
        [
            new(Bookings, removedBookings, anonymised, anonymised > 0 ? "anonymousCount" : null),
            new(Waitlisted, removedWaitlist),
            new(Earlier, removedEarlier),
            new(Interests, interests),
            new(SessionsCreated, created, created, created > 0 ? "sessionsStay" : null),
        ];
    }

    private enum Outcome { None, Anonymised, RemovedBooking, RemovedWaitlist, RemovedEarlier }

    /// <summary>Under the session lock: a seat in a session that took place stays as an anonymous count; everything else goes.</summary>
    private async Task<Outcome> EraseAsync(TrainingSession session, DataSubject person, CancellationToken ct)
    {
        var mine = await db.TrainingRegistrations().SingleOrDefaultAsync(r => r.SessionId == session.Id && r.UserAadObjectId == person.AadObjectId, ct);
        if (mine is null) return Outcome.None;
        var now = time.GetUtcNow().UtcDateTime;
        if (session.StartsAtUtc <= now && session.Status == SessionStatus.Published && mine.Status == RegistrationStatus.Booked)
        {
            mine.UserAadObjectId = ErasedPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            mine.UserName = "";
            mine.TenantId = "";
            mine.Lang = Strings.German;
            // Never asked for feedback: there is nobody to ask any more.
            mine.FeedbackRequestedAtUtc ??= now;
            mine.UpdatedAtUtc = now;
            return Outcome.Anonymised;
        }
        var outcome = mine.HoldsSeat ? Outcome.RemovedBooking
            : mine.Status == RegistrationStatus.Waitlisted ? Outcome.RemovedWaitlist : Outcome.RemovedEarlier;
        db.TrainingRegistrations().Remove(mine);
        // Erasure is a right, not a cancellation: the cancel deadline does not apply, and the seat moves on at once.
        if (outcome == Outcome.RemovedBooking) await waitlist.OfferFreeSeatsAsync(session, ct);
        return outcome;
    }

    private static string KindOf(RegistrationStatus status) => status switch
    {
        _ when SeatRule.HoldsSeat(status) => Bookings,
        RegistrationStatus.Waitlisted => Waitlisted,
        _ => Earlier,
    };
}
