using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// "meine ausleihen" (lending.mine): what the person has on loan (due dates, overdue said in words; "Verlängern")
/// and their reservations not yet picked up (requested or confirmed; "Termin ändern", "Stornieren"), soonest first.
/// </summary>
public sealed class ShowMyLoans(LabDbContext db, ReservationView view) : ITurnHandler, IVerbHandler
{
    /// <summary>Rows on the card: up to three buttons each, about 1.5 KB a row; 12 stay well below Teams' 28 KB.</summary>
    public const int MaxShown = 12;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct) => turn.ReplyCard("lending/mine", await DataAsync(turn, ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("lending/mine", await DataAsync(turn, ct)));

    private async Task<JsonObject> DataAsync(TurnContext turn, CancellationToken ct)
    {
        var user = turn.UserAadObjectId ?? "";
        var query =
            from r in db.LendingReservations().AsNoTracking()
            join i in db.LendingItems().AsNoTracking() on r.ItemId equals i.Id
            where r.UserAadObjectId == user && ReservationRule.Occupying.Contains(r.Status)
            select new { Reservation = r, i.Name };
        var total = await query.CountAsync(ct);
        // Lent first (the most urgent: due soonest, overdue at the top), then reservations by pickup.
        var rows = await query
            .OrderBy(x => x.Reservation.Status == ReservationStatus.Lent ? 0 : 1)
            .ThenBy(x => x.Reservation.Status == ReservationStatus.Lent ? x.Reservation.EndsAtUtc : x.Reservation.StartsAtUtc)
            .ThenBy(x => x.Reservation.Id)
            .Take(MaxShown).ToListAsync(ct);

        var groups = new JsonArray();
        foreach (var (heading, lent) in new[] { ("lendingReserve.mine.lent", true), ("lendingReserve.mine.reservations", false) })
        {
            var group = rows.Where(x => (x.Reservation.Status == ReservationStatus.Lent) == lent)
                .Select(x => (JsonNode)view.Row(x.Reservation, x.Name, turn.Lang)).ToList();
            if (group.Count > 0) groups.Add(new JsonObject { ["heading"] = turn.Word(heading), ["rows"] = new JsonArray([.. group]) });
        }
        var more = total - rows.Count;
        return new JsonObject
        {
            ["groups"] = groups,
            ["empty"] = rows.Count == 0,
            ["more"] = more > 0 ? turn.Format("lendingReserve.mine.more", more) : "",
            ["hasMore"] = more > 0,
        };
    }
}
