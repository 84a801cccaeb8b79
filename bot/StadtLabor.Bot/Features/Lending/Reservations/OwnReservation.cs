using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// The reservation a button names, if it is the clicking person's: the id in the payload is untrusted, the person
/// comes from the signed activity. Anything else is a refusal that changes nothing.
/// </summary>
public static class OwnReservation
{
    /// <param name="tracked">Read for a change (under the item lock): tracked, so the change is saved with the rest.</param>
    public static async Task<(LendingReservation? Reservation, VerbResult? Refusal)> FindAsync(LabDbContext db, TurnContext turn,
        long reservationId, Person person, CancellationToken ct, bool tracked = false)
    {
        ArgumentNullException.ThrowIfNull(person);
        var (r, owner) = await LookUpAsync(db, reservationId, person.AadObjectId, ct, tracked);
        return owner switch
        {
            Ownership.Yours => (r, null),
            Ownership.NotYours => (null, ReservationAnswers.NotYours(turn)),
            _ => (null, ReservationAnswers.UnknownReservation(turn)),
        };
    }

    /// <summary>The same check without a turn (the intranet page): the reservation only when it is this person's.</summary>
    public static async Task<(LendingReservation? Reservation, Ownership Ownership)> LookUpAsync(LabDbContext db, long reservationId,
        string userAadObjectId, CancellationToken ct, bool tracked = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = tracked ? db.LendingReservations() : db.LendingReservations().AsNoTracking();
        var r = await query.SingleOrDefaultAsync(x => x.Id == reservationId, ct);
        if (r is null) return (null, Ownership.Unknown);
        if (!string.Equals(r.UserAadObjectId, userAadObjectId, StringComparison.Ordinal)) return (null, Ownership.NotYours);
        return (r, Ownership.Yours);
    }

    public static bool TryId(JsonObject data, out long reservationId) => CardInput.TryGetId(data, "reservationId", out reservationId);

    public static Task<string> ItemNameAsync(LabDbContext db, long itemId, CancellationToken ct) =>
        db.LendingItems().AsNoTracking().Where(i => i.Id == itemId).Select(i => i.Name).SingleAsync(ct);
}

/// <summary>Whose a reservation id from a button or form is, as far as the person may learn it.</summary>
public enum Ownership
{
    Yours,
    Unknown,
    NotYours,
}
