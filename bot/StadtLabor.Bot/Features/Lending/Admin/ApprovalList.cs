using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// The data of lendingAdmin/approvals: reservations waiting for the lab team ("Genehmigung nötig"), oldest first,
/// each with who, what, how many, when, what for and where, a reason field and "Genehmigen" / "Ablehnen".
/// A decline without a reason comes back with the message under that request's field and its text kept.
/// </summary>
public sealed class ApprovalList(LabDbContext db, TimeProvider time)
{
    public const int MaxShown = 20;

    /// <summary>The reason input of one request (inputs on one card need distinct ids).</summary>
    public static string ReasonField(long reservationId) => "reason_" + reservationId.ToString(CultureInfo.InvariantCulture);

    public async Task<JsonObject> DataAsync(TurnContext turn, string notice, CancellationToken ct, long errorFor = 0, string error = "", string keptReason = "")
    {
        ArgumentNullException.ThrowIfNull(turn);
        var total = await db.LendingReservations().CountAsync(r => r.Status == ReservationStatus.Requested, ct);
        var waiting = await db.LendingReservations().AsNoTracking().Where(r => r.Status == ReservationStatus.Requested)
            .OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id).Take(MaxShown).ToListAsync(ct);
        var itemIds = waiting.Select(r => r.ItemId).Distinct().ToList();
        var items = await db.LendingItems().AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        var now = time.GetUtcNow().UtcDateTime;

        var used = new HashSet<string>(StringComparer.Ordinal);
        string Unique(string name)
        {
            var candidate = name;
            for (var n = 2; !used.Add(candidate); n++) candidate = $"{name} ({n.ToString(CultureInfo.InvariantCulture)})";
            return candidate;
        }

        var rows = waiting.Select(r =>
        {
            var item = items.GetValueOrDefault(r.ItemId, "");
            var day = Wording.Day(turn.Lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(r.StartsAtUtc)), now);
            // Button titles are plain text; who, what and the day make each one distinct for a screen reader.
            var label = Unique(turn.Format("lendingAdmin.approvals.rowName", CardText.Plain(r.UserName, 60), CardText.Plain(item, 60), day));
            var hasError = r.Id == errorFor && error.Length > 0;
            return (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["person"] = CardText.Plain(r.UserName),
                ["item"] = CardText.Plain(item),
                ["quantity"] = turn.Format("lendingAdmin.approvals.quantity", r.Quantity),
                ["when"] = new LendingRange(r.StartsAtUtc, r.EndsAtUtc).Text(turn.Lang),
                ["purpose"] = r.Purpose.Length > 0 ? turn.Format("lendingAdmin.approvals.purpose", CardText.Plain(r.Purpose)) : turn.Word("lendingAdmin.approvals.noPurpose"),
                ["place"] = r.PickupPlace.Length > 0 ? turn.Format("lendingAdmin.approvals.place", CardText.Plain(r.PickupPlace)) : "",
                ["hasPlace"] = r.PickupPlace.Length > 0,
                ["asked"] = turn.Format("lendingAdmin.approvals.asked", Wording.Moment(turn.Lang, r.CreatedAtUtc, now)),
                ["reasonId"] = ReasonField(r.Id),
                ["reasonLabel"] = turn.Format("lendingAdmin.approvals.reasonLabel", label),
                ["reason"] = r.Id == errorFor ? keptReason : "",
                ["error"] = hasError ? error : "",
                ["hasError"] = hasError,
                ["approveTitle"] = turn.Format("lendingAdmin.approvals.approve", label),
                ["declineTitle"] = turn.Format("lendingAdmin.approvals.decline", label),
            };
        }).ToList();

        return new JsonObject
        {
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["requests"] = new JsonArray([.. rows]),
            ["empty"] = rows.Count == 0,
            ["more"] = total > rows.Count ? turn.Format("lendingAdmin.approvals.more", total - rows.Count) : "",
            ["hasMore"] = total > rows.Count,
            ["reasonMax"] = LendingLimits.Reason,
        };
    }
}
