using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// Free seats go to the waitlist one person at a time: the first in line gets an offer card with a deadline and the
/// seat is held for them (it counts as taken, so nobody signs up past them). Accepting books it; declining or
/// letting it run out passes it to the next. Always called under the <see cref="SessionLock"/>.
/// </summary>
public sealed class Waitlist(
    LabDbContext db, OutboxWriter outbox, SessionView view, Languages languages, IOptions<TrainingsOptions> options, TimeProvider time)
{
    /// <summary>Offers every free seat to the next in line. Saves pending changes first so the count is exact.</summary>
    public async Task<int> OfferFreeSeatsAsync(TrainingSession session, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (session.Status != SessionStatus.Published || OfferDeadline(now, session.StartsAtUtc) is not { } expires) return 0;

        var free = session.Capacity - await Seats.TakenAsync(db, session.Id, ct);
        if (free <= 0) return 0;
        var next = await db.TrainingRegistrations()
            .Where(r => r.SessionId == session.Id && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.WaitlistSeq).Take(free).ToListAsync(ct);
        var toolName = await view.ToolNameAsync(session.ToolId, ct);
        foreach (var person in next)
        {
            person.Status = RegistrationStatus.Offered;
            person.OfferCount++;
            person.OfferExpiresAtUtc = expires;
            person.UpdatedAtUtc = now;
        }
        foreach (var tenant in next.GroupBy(p => p.TenantId))
        {
            var langs = await languages.ForPeopleAsync(tenant.Key, tenant.Select(p => p.UserAadObjectId), ct);
            await outbox.ToUsersAsync(tenant.Key, tenant.Select(p => (OfferKey(p), p.UserAadObjectId,
                Activity.Card(view.OfferCard(session, toolName, p, langs.Of(p.UserAadObjectId, p.Lang), OfferState.Open)))), ct);
        }
        await db.SaveChangesAsync(ct);
        return next.Count;
    }

    /// <summary>An offer that ran out: the person leaves the line, their card says so, the seat goes on.</summary>
    public async Task ExpireAsync(TrainingSession session, Registration offered, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        offered.Status = RegistrationStatus.OfferExpired;
        offered.UpdatedAtUtc = now;
        var toolName = await view.ToolNameAsync(session.ToolId, ct);
        var lang = await languages.ForPersonAsync(offered.TenantId, offered.UserAadObjectId, offered.Lang, ct);
        await outbox.UpdateAsync(OfferKey(offered) + ":expired", OfferKey(offered),
            Activity.Card(view.OfferCard(session, toolName, offered, lang, OfferState.Expired)), ct);
        await OfferFreeSeatsAsync(session, ct);
    }

    /// <summary>
    /// Until when an offer made now holds: the configured hours, but close to the start only half the time that is
    /// left (so the next person still has a chance), and never past the start. Null when the session has started.
    /// </summary>
    public DateTime? OfferDeadline(DateTime nowUtc, DateTime startsAtUtc)
    {
        var left = startsAtUtc - nowUtc;
        if (left <= TimeSpan.Zero) return null;
        var hold = TimeSpan.FromHours(options.Value.OfferValidityHours);
        return nowUtc + (hold < left / 2 ? hold : left / 2);
    }

    /// <summary>The outbox key of a person's current offer card; the expiry update replaces that card.</summary>
    public static string OfferKey(Registration r) => $"trainings.offer:{r.Id}:{r.OfferCount}";
}

public enum OfferState
{
    Open,
    Expired,
}
