using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// The data of lendingAdmin/overview: how many items, requests waiting, pickups and returns today, items in
/// maintenance; then the lab-team cards. The buttons come as data because some of those cards belong to other
/// parts of lending (today, blocks, records): the card lists them in this order.
/// </summary>
public sealed class AdminOverview(LabDbContext db, TimeProvider time)
{
    public static readonly IReadOnlyList<(string Verb, string Word)> Cards =
    [
        ("lendingAdmin.approvals", "lendingAdmin.overview.approvals"),
        ("lendingAdmin.today", "lendingAdmin.overview.today"),
        ("lendingAdmin.items", "lendingAdmin.overview.items"),
        ("lendingAdmin.blocks", "lendingAdmin.overview.blocks"),
        ("lendingAdmin.records", "lendingAdmin.overview.records"),
    ];

    public async Task<JsonObject> DataAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(TrainingTime.ToBerlin(now));
        var dayStart = TrainingTime.ToUtc(today.ToDateTime(TimeOnly.MinValue));
        var dayEnd = TrainingTime.ToUtc(today.AddDays(1).ToDateTime(TimeOnly.MinValue));

        var items = await db.LendingItems().CountAsync(i => i.RetiredAtUtc == null, ct);
        var retired = await db.LendingItems().CountAsync(i => i.RetiredAtUtc != null, ct);
        var waiting = await db.LendingReservations().CountAsync(r => r.Status == ReservationStatus.Requested, ct);
        var pickups = await db.LendingReservations().CountAsync(r => (r.Status == ReservationStatus.Requested || r.Status == ReservationStatus.Confirmed)
            && r.StartsAtUtc >= dayStart && r.StartsAtUtc < dayEnd, ct);
        var returns = await db.LendingReservations().CountAsync(r => r.Status == ReservationStatus.Lent && r.EndsAtUtc >= dayStart && r.EndsAtUtc < dayEnd, ct);
        var overdue = await db.LendingReservations().CountAsync(r => r.Status == ReservationStatus.Lent && r.EndsAtUtc < now, ct);
        var maintenance = await db.MaintenanceBlocks()
            .Where(b => b.ClearedAtUtc == null && b.StartsAtUtc <= now && (b.EndsAtUtc == null || b.EndsAtUtc > now))
            .Select(b => b.ItemId).Distinct().CountAsync(ct);

        return new JsonObject
        {
            ["figures"] = new JsonArray(
                Fact(turn, "lendingAdmin.overview.itemCount", retired > 0 ? turn.Format("lendingAdmin.overview.itemsWithRetired", items, retired) : Number(turn, items)),
                Fact(turn, "lendingAdmin.overview.waitingCount", Number(turn, waiting)),
                Fact(turn, "lendingAdmin.overview.pickupsToday", Number(turn, pickups)),
                Fact(turn, "lendingAdmin.overview.returnsToday", Number(turn, returns)),
                Fact(turn, "lendingAdmin.overview.overdueCount", Number(turn, overdue)),
                Fact(turn, "lendingAdmin.overview.maintenanceCount", Number(turn, maintenance))),
            ["buttons"] = new JsonArray([.. Cards.Select(c => (JsonNode)new JsonObject { ["title"] = turn.Word(c.Word), ["verb"] = c.Verb })]),
        };
    }

    private static JsonObject Fact(TurnContext turn, string word, string value) => new() { ["title"] = turn.Word(word), ["value"] = value };

    private static string Number(TurnContext turn, int n) => turn.Format("lendingAdmin.overview.number", n);
}
