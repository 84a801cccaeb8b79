using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Lending.AdminTesting;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// Retiring an item or lowering its quantity while it has future reservations: the lab team is asked first (nothing
/// changes), then the reservations that can no longer be served are cancelled, latest created first, and each person
/// gets one message with alternatives from the same category; what is lent stays lent; a repeat changes nothing.
/// </summary>
public abstract class AdminRetireTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static readonly Persona Dora = TrainingSeed.Colleague(9401);

    [Fact]
    public async Task Retire_NoFutureReservations_RetiredWithoutQuestion()
    {
        var name = Unique("Alte Kamera");
        var id = await LendingSeed.ItemAsync(Bot, name);
        await LendingSeed.ReservationAsync(Bot, id, Erika, DateTime.UtcNow.AddDays(-10), DateTime.UtcNow.AddDays(-8), ReservationStatus.Returned);

        var card = await AdminAsync(Bot, "lendingAdmin.retire", new JsonObject { ["itemId"] = id });

        Assert.Contains(Word.De("lendingAdmin.done.retired", name), Words(card), StringComparison.Ordinal);
        Assert.NotNull((await ItemAsync(Bot, id)).RetiredAtUtc);
    }

    [Fact]
    public async Task Retire_WithFutureReservations_AsksThenCancelsAndTellsEachOnce()
    {
        var category = Unique("VR-Retire");
        var name = Unique("Oculus Rift");
        var id = await LendingSeed.ItemAsync(Bot, name, 2, category);
        var alternative = Unique("Meta Quest");
        await LendingSeed.ItemAsync(Bot, alternative, 3, category);
        var confirmed = await LendingSeed.ReservationAsync(Bot, id, Erika, LendingSeed.WorkingDayUtc(3), LendingSeed.WorkingDayUtc(4));
        var requested = await LendingSeed.ReservationAsync(Bot, id, Lotse, LendingSeed.WorkingDayUtc(5), LendingSeed.WorkingDayUtc(6), ReservationStatus.Requested);
        var lent = await LendingSeed.ReservationAsync(Bot, id, Dora, DateTime.UtcNow.AddDays(-1), LendingSeed.WorkingDayUtc(2), ReservationStatus.Lent);

        var ask = await AdminAsync(Bot, "lendingAdmin.retire", new JsonObject { ["itemId"] = id });

        Assert.Contains(Word.De("lendingAdmin.confirm.affected", 2, 2), Words(ask), StringComparison.Ordinal);
        Assert.Equal(["lendingAdmin.items", "lendingAdmin.retire", "menu.show"], Verbs(ask));
        Assert.Null((await ItemAsync(Bot, id)).RetiredAtUtc);
        Assert.Equal(ReservationStatus.Confirmed, (await LendingSeed.ReservationAsync(Bot, confirmed)).Status);
        Assert.Equal(ReservationStatus.Requested, (await LendingSeed.ReservationAsync(Bot, requested)).Status);
        Assert.Empty(await OutboxAsync(Bot, $"lending.affected:{confirmed}:"));

        var yes = Actions(ask)[1]["data"]!.AsObject();
        var done = await AdminAsync(Bot, "lendingAdmin.retire", yes);
        var again = await AdminAsync(Bot, "lendingAdmin.retire", yes);

        Assert.Contains(Word.De("lendingAdmin.done.retired", name), Words(done), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingAdmin.done.alreadyRetired", name), Words(again), StringComparison.Ordinal);
        Assert.NotNull((await ItemAsync(Bot, id)).RetiredAtUtc);
        foreach (var reservationId in new[] { confirmed, requested })
        {
            var r = await LendingSeed.ReservationAsync(Bot, reservationId);
            Assert.Equal(ReservationStatus.Cancelled, r.Status);
            Assert.Equal(Word.De("lendingAdmin.affected.reasonRetired"), r.Reason);
            var message = Assert.Single(await OutboxAsync(Bot, $"lending.affected:{reservationId}:"));
            Assert.Equal(r.UserAadObjectId, message.UserAadObjectId);
            var card = CardOf(message);
            Assert.Contains(Word.De("lendingAdmin.affected.headline", name), Words(card), StringComparison.Ordinal);
            Assert.Contains($"{alternative}: {Word.De("lendingAdmin.affected.free", 3)}", Words(card), StringComparison.Ordinal);
        }
        Assert.Equal(ReservationStatus.Lent, (await LendingSeed.ReservationAsync(Bot, lent)).Status);
        Assert.Empty(await OutboxAsync(Bot, $"lending.affected:{lent}:"));
    }

    [Fact]
    public async Task Retire_PartOfAKit_KitReservationCancelledAndTold()
    {
        var part = await LendingSeed.ItemAsync(Bot, Unique("Ladekabel"), 2);
        var kit = await LendingSeed.KitAsync(Bot, Unique("Robotik-Koffer"), (part, 1));
        var reservation = await LendingSeed.ReservationAsync(Bot, kit, Erika, LendingSeed.WorkingDayUtc(3), LendingSeed.WorkingDayUtc(4));

        var ask = await AdminAsync(Bot, "lendingAdmin.retire", new JsonObject { ["itemId"] = part });
        Assert.Contains(Word.De("lendingAdmin.confirm.affectedOne"), Words(ask), StringComparison.Ordinal);
        await AdminAsync(Bot, "lendingAdmin.retire", new JsonObject { ["itemId"] = part, ["confirmed"] = true });

        Assert.Equal(ReservationStatus.Cancelled, (await LendingSeed.ReservationAsync(Bot, reservation)).Status);
        Assert.Single(await OutboxAsync(Bot, $"lending.affected:{reservation}:retired"));
    }

    [Fact]
    public async Task ReduceQuantity_OverlappingReservations_AsksThenCancelsTheLatestCreated()
    {
        var name = Unique("Tablet");
        var id = await LendingSeed.ItemAsync(Bot, name, 3, Unique("Tablets"));
        var (from, to) = (LendingSeed.WorkingDayUtc(3), LendingSeed.WorkingDayUtc(4));
        var now = DateTime.UtcNow;
        var oldest = await LendingSeed.ReservationAsync(Bot, id, Erika, from, to, adjust: r => r.CreatedAtUtc = now.AddHours(-3));
        var middle = await LendingSeed.ReservationAsync(Bot, id, Lotse, from, to, adjust: r => r.CreatedAtUtc = now.AddHours(-2));
        var latest = await LendingSeed.ReservationAsync(Bot, id, Dora, from, to, adjust: r => r.CreatedAtUtc = now.AddHours(-1));
        var later = await LendingSeed.ReservationAsync(Bot, id, Dora, LendingSeed.WorkingDayUtc(8), LendingSeed.WorkingDayUtc(9),
            adjust: r => r.CreatedAtUtc = now);
        var form = ItemForm(name, category: (await ItemAsync(Bot, id)).Category, quantity: "2", itemId: id);

        var ask = await AdminAsync(Bot, "lendingAdmin.saveItem", form);

        Assert.Contains(Word.De("lendingAdmin.form.lossWarningOne"), Words(ask), StringComparison.Ordinal);
        var submit = Actions(ask)[0];
        Assert.Equal(Word.De("lendingAdmin.form.saveAndCancelOne"), submit["title"]!.GetValue<string>());
        Assert.Equal(3, (await ItemAsync(Bot, id)).Quantity);
        Assert.Equal(ReservationStatus.Confirmed, (await LendingSeed.ReservationAsync(Bot, latest)).Status);

        form["confirmLoss"] = submit["data"]!["confirmLoss"]!.DeepClone();
        var saved = await AdminAsync(Bot, "lendingAdmin.saveItem", form);

        Assert.Contains(Word.De("lendingAdmin.done.cancelledAndTold", 1), Words(saved), StringComparison.Ordinal);
        Assert.Equal(2, (await ItemAsync(Bot, id)).Quantity);
        Assert.Equal(ReservationStatus.Cancelled, (await LendingSeed.ReservationAsync(Bot, latest)).Status);
        Assert.Equal(Word.De("lendingAdmin.affected.reasonReduced"), (await LendingSeed.ReservationAsync(Bot, latest)).Reason);
        foreach (var kept in new[] { oldest, middle, later })
            Assert.Equal(ReservationStatus.Confirmed, (await LendingSeed.ReservationAsync(Bot, kept)).Status);
        Assert.Single(await OutboxAsync(Bot, $"lending.affected:{latest}:changed:"));
        Assert.Empty(await OutboxAsync(Bot, $"lending.affected:{later}:"));
    }

    [Fact]
    public async Task ReduceQuantity_AllStillFit_SavedWithoutQuestion()
    {
        var name = Unique("Beamer");
        var id = await LendingSeed.ItemAsync(Bot, name, 3, "Präsentation");
        var reservation = await LendingSeed.ReservationAsync(Bot, id, Erika, LendingSeed.WorkingDayUtc(3), LendingSeed.WorkingDayUtc(4), quantity: 2);

        var card = await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(name, category: "Präsentation", quantity: "2", itemId: id));

        Assert.Contains(Word.De("lendingAdmin.done.saved", name), Words(card), StringComparison.Ordinal);
        Assert.Equal(2, (await ItemAsync(Bot, id)).Quantity);
        Assert.Equal(ReservationStatus.Confirmed, (await LendingSeed.ReservationAsync(Bot, reservation)).Status);
        Assert.Empty(await OutboxAsync(Bot, $"lending.affected:{reservation}:"));
    }
}

public sealed class AdminRetireTests_Sqlite(LendingAdminSqliteBot bot) : AdminRetireTests<LendingAdminSqliteBot>(bot), IClassFixture<LendingAdminSqliteBot>;

public sealed class AdminRetireTests_Postgres(LendingAdminPostgresBot bot) : AdminRetireTests<LendingAdminPostgresBot>(bot), IClassFixture<LendingAdminPostgresBot>;
