using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// One reservation as the person sees it (status in words, range, quantity, place, and the actions its status
/// allows), for the reservation card, "meine ausleihen", the receipts and the cancel question. Reads, never changes.
/// </summary>
public sealed class ReservationView(LabDbContext db, Strings strings, TimeProvider time)
{
    /// <summary>The refreshed reservation card, with an outcome line on top ("" for none).</summary>
    public async Task<VerbResult> CardAsync(TurnContext turn, long reservationId, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var row = await (from r in db.LendingReservations().AsNoTracking()
                         join i in db.LendingItems().AsNoTracking() on r.ItemId equals i.Id
                         where r.Id == reservationId
                         select new { Reservation = r, i.Name }).SingleAsync(ct);
        return new VerbResult.Card(turn.Card("lending/reservation", new JsonObject
        {
            ["r"] = Row(row.Reservation, row.Name, turn.Lang),
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
        }));
    }

    /// <summary>The item's name with the pickup moment, so buttons of several rows never read alike.</summary>
    public string Label(LendingReservation r, string itemName, string lang)
    {
        ArgumentNullException.ThrowIfNull(r);
        return $"{CardText.Plain(itemName)} ({Wording.Moment(lang, r.StartsAtUtc, Now)})";
    }

    public JsonObject Row(LendingReservation r, string itemName, string lang)
    {
        ArgumentNullException.ThrowIfNull(r);
        var label = Label(r, itemName, lang);
        var before = ReservationRule.BeforePickup(r.Status);
        var lent = r.Status == ReservationStatus.Lent;
        return new JsonObject
        {
            ["id"] = r.Id,
            ["item"] = CardText.Plain(itemName),
            ["title"] = strings.Format(lang, "lendingReserve.itemCount", CardText.Plain(itemName), r.Quantity),
            ["when"] = new LendingRange(r.StartsAtUtc, r.EndsAtUtc).Text(lang),
            ["quantity"] = r.Quantity.ToString(CultureInfo.InvariantCulture),
            ["place"] = CardText.Plain(r.PickupPlace),
            ["purpose"] = CardText.Plain(r.Purpose),
            ["hasPurpose"] = r.Purpose.Length > 0,
            ["status"] = Status(r, lang),
            ["canChange"] = before,
            ["canCancel"] = before,
            ["canExtend"] = lent,
            ["changeTitle"] = strings.Format(lang, "lendingReserve.action.change", label),
            ["cancelTitle"] = strings.Format(lang, "lendingReserve.action.cancel", label),
            ["extendTitle"] = strings.Format(lang, "lendingReserve.action.extend", label),
        };
    }

    public bool IsOverdue(LendingReservation r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Status == ReservationStatus.Lent && r.EndsAtUtc < Now;
    }

    private string Status(LendingReservation r, string lang) => r.Status switch
    {
        ReservationStatus.Lent when IsOverdue(r) => strings.Format(lang, "lendingReserve.status.overdue", Wording.Moment(lang, r.EndsAtUtc, Now)),
        ReservationStatus.Lent => strings.Format(lang, "lendingReserve.status.lent", Wording.Moment(lang, r.EndsAtUtc, Now)),
        ReservationStatus.Requested => strings.Get(lang, "lendingReserve.status.requested"),
        ReservationStatus.Confirmed => strings.Get(lang, "lendingReserve.status.confirmed"),
        ReservationStatus.Returned => strings.Get(lang, "lendingReserve.status.returned"),
        ReservationStatus.Declined => strings.Get(lang, "lendingReserve.status.declined"),
        ReservationStatus.NoShow => strings.Get(lang, "lendingReserve.status.noShow"),
        _ => strings.Get(lang, "lendingReserve.status.cancelled"),
    };

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
