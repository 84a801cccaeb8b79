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
        var (rows, total) = await MyLoans.ListAsync(db, user, MaxShown, ct);

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
