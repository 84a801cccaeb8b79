using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Trainings.Jobs;

/// <summary>
/// Every minute: offers whose time ran out are expired (the offer card is updated in place through the outbox) and
/// the seat goes to the next in line. Reads only the current rows, so a second run or a run after a restart finds
/// nothing left to do; each session is re-checked under its <see cref="SessionLock"/>, so an offer accepted a moment
/// ago is not expired.
/// </summary>
public sealed partial class ExpireOffers(LabDbContext db, Waitlist waitlist, TimeProvider time, ILogger<ExpireOffers> log) : ILabJob
{
    public const string Name = "TrainingOfferExpiry";
    public const string DefaultCron = "0 * * * * ?";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var sessionIds = await db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.Status == RegistrationStatus.Offered && r.OfferExpiresAtUtc <= now)
            .Select(r => r.SessionId).Distinct().ToListAsync(ct);

        var failed = new List<Exception>();
        foreach (var sessionId in sessionIds)
        {
            try
            {
                await using var locked = await SessionLock.EnterAsync(db, sessionId, ct);
                if (locked is null) continue;
                var expired = await ExpireAsync(locked.Session, now, ct);
                await locked.CommitAsync(ct);
                LogExpired(log, sessionId, expired);
            }
#pragma warning disable CA1031 // One broken session must not keep the others' offers from moving on; the run still fails below.
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogFailed(log, ex, sessionId);
                failed.Add(ex);
            }
        }
        if (failed.Count > 0) throw new AggregateException("Offer expiry failed for some sessions", failed);
    }

    private async Task<int> ExpireAsync(TrainingSession session, DateTime now, CancellationToken ct)
    {
        // Again under the lock: between the query above and here the person may have accepted or declined.
        var offers = await db.TrainingRegistrations()
            .Where(r => r.SessionId == session.Id && r.Status == RegistrationStatus.Offered && r.OfferExpiresAtUtc <= now)
            .OrderBy(r => r.WaitlistSeq).ToListAsync(ct);
        foreach (var offer in offers) await waitlist.ExpireAsync(session, offer, ct);
        return offers.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training offers expired: session {SessionId}, {Count} offers")]
    private static partial void LogExpired(ILogger logger, long sessionId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training offer expiry failed for session {SessionId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, long sessionId);
}
