using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Lending.AdminTesting;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// The approval queue: oldest request first; approve and decline (a reason required) decide once, set who and when,
/// and tell the requester in their language through the outbox; a second click says "schon entschieden".
/// </summary>
public abstract class AdminApprovalTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static readonly Persona Emil = TrainingSeed.Colleague(9501);

    private Task<long> RequestAsync(long itemId, Persona p, DateTime createdAt, string lang = "de") =>
        LendingSeed.ReservationAsync(Bot, itemId, p, LendingSeed.WorkingDayUtc(3), LendingSeed.WorkingDayUtc(4), ReservationStatus.Requested,
            adjust: r =>
            {
                r.CreatedAtUtc = createdAt;
                r.Lang = lang;
            });

    [Fact]
    public async Task Approvals_WaitingRequests_OldestFirstWithPurpose()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("3D-Drucker"), 2, "3D-Druck", i => i.NeedsApproval = true);
        var newer = await RequestAsync(item, Erika, DateTime.UtcNow.AddYears(-1).AddMinutes(1));
        var older = await RequestAsync(item, Lotse, DateTime.UtcNow.AddYears(-1));

        var card = await AdminAsync(Bot, "lendingAdmin.approvals");

        var ids = Actions(card).Where(a => a["verb"]!.GetValue<string>() == "lendingAdmin.approve").Select(a => a["data"]!["reservationId"]!.GetValue<long>()).ToList();
        Assert.True(ids.IndexOf(older) < ids.IndexOf(newer) && ids.IndexOf(older) >= 0, "oldest request first");
        Assert.Contains(Word.De("lendingAdmin.approvals.purpose", "Workshop im Bürgerbüro"), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_DoubleClick_DecidedOnceAndRequesterToldOnce()
    {
        var name = Unique("VR-Set");
        var item = await LendingSeed.ItemAsync(Bot, name, 2, "VR", i => i.NeedsApproval = true);
        var id = await RequestAsync(item, Erika, DateTime.UtcNow.AddMinutes(-5));

        var first = await AdminAsync(Bot, "lendingAdmin.approve", new JsonObject { ["reservationId"] = id });
        var decided = await LendingSeed.ReservationAsync(Bot, id);
        var second = await AdminAsync(Bot, "lendingAdmin.approve", new JsonObject { ["reservationId"] = id });

        Assert.Contains(Word.De("lendingAdmin.done.approved", Erika.Name, name), Words(first), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingAdmin.done.alreadyDecided"), Words(second), StringComparison.Ordinal);
        var r = await LendingSeed.ReservationAsync(Bot, id);
        Assert.Equal(ReservationStatus.Confirmed, r.Status);
        Assert.Equal(LabTeam.AadObjectId, r.DecidedByAadObjectId);
        Assert.Equal(decided.DecidedAtUtc, r.DecidedAtUtc);
        var message = Assert.Single(await OutboxAsync(Bot, $"lending.decision:{id}"));
        Assert.Equal(Erika.AadObjectId, message.UserAadObjectId);
        Assert.Contains(Word.De("lendingAdmin.decision.approved", name), Words(CardOf(message)), StringComparison.Ordinal);
        Assert.DoesNotContain(Actions(second), a => a["data"]?["reservationId"]?.GetValue<long>() == id);
    }

    [Fact]
    public async Task Decline_WithoutReason_RefusedNothingChanged()
    {
        var item = await LendingSeed.ItemAsync(Bot, Unique("Drohne"), 1, "Drohnen", i => i.NeedsApproval = true);
        var id = await RequestAsync(item, Erika, DateTime.UtcNow.AddMinutes(-5));

        var card = await AdminAsync(Bot, "lendingAdmin.decline", new JsonObject { ["reservationId"] = id, [$"reason_{id}"] = "   " });
        var tooLong = await AdminAsync(Bot, "lendingAdmin.decline", new JsonObject { ["reservationId"] = id, ["reason"] = new string('x', 501) });

        Assert.Contains(Word.De("lendingAdmin.error.reasonMissing"), FormCards.MessageUnder(card, $"reason_{id}"), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingAdmin.error.reasonTooLong", 500), FormCards.MessageUnder(tooLong, $"reason_{id}"), StringComparison.Ordinal);
        var r = await LendingSeed.ReservationAsync(Bot, id);
        Assert.Equal(ReservationStatus.Requested, r.Status);
        Assert.Null(r.DecidedAtUtc);
        Assert.Empty(await OutboxAsync(Bot, $"lending.decision:{id}"));
    }

    [Fact]
    public async Task Decline_WithReason_DeclinedAndReasonReachesTheRequesterInTheirLanguage()
    {
        var name = Unique("Lötstation");
        var item = await LendingSeed.ItemAsync(Bot, name, 1, "Werkstatt", i => i.NeedsApproval = true);
        var id = await RequestAsync(item, Emil, DateTime.UtcNow.AddMinutes(-5), lang: "en");
        const string reason = "Am 8. brauchen wir sie selbst für den Digitaltag.";

        var card = await AdminAsync(Bot, "lendingAdmin.decline", new JsonObject { ["reservationId"] = id, [$"reason_{id}"] = reason });

        Assert.Contains(Word.De("lendingAdmin.done.declined", Emil.Name, name), Words(card), StringComparison.Ordinal);
        var r = await LendingSeed.ReservationAsync(Bot, id);
        Assert.Equal(ReservationStatus.Declined, r.Status);
        Assert.Equal(reason, r.Reason);
        Assert.Equal(LabTeam.AadObjectId, r.DecidedByAadObjectId);
        var words = Words(CardOf(Assert.Single(await OutboxAsync(Bot, $"lending.decision:{id}"))));
        Assert.Contains(Word.En("lendingAdmin.decision.declined", name), words, StringComparison.Ordinal);
        Assert.Contains(reason, words, StringComparison.Ordinal);

        var again = await AdminAsync(Bot, "lendingAdmin.approve", new JsonObject { ["reservationId"] = id });
        Assert.Contains(Word.De("lendingAdmin.done.alreadyDecided"), Words(again), StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Declined, (await LendingSeed.ReservationAsync(Bot, id)).Status);
    }

    [Fact]
    public async Task Decide_UnknownReservation_ErrorCardNothingChanged()
    {
        var before = await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync());

        var card = await AdminAsync(Bot, "lendingAdmin.approve", new JsonObject { ["reservationId"] = 987654321 });

        Assert.Contains(Word.De("lendingAdmin.badRequest"), Words(card), StringComparison.Ordinal);
        Assert.Equal(before, await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync()));
    }
}

public sealed class AdminApprovalTests_Sqlite(LendingAdminSqliteBot bot) : AdminApprovalTests<LendingAdminSqliteBot>(bot), IClassFixture<LendingAdminSqliteBot>;

public sealed class AdminApprovalTests_Postgres(LendingAdminPostgresBot bot) : AdminApprovalTests<LendingAdminPostgresBot>(bot), IClassFixture<LendingAdminPostgresBot>;
