using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Roles;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// The role matrix (Roles/RoleMatrixTests) tries every verb with empty data; here a colleague without the lab-team
/// role sends every lendingAdmin verb with data that would work for the lab team (a real item, a real request, a
/// whole form) and both commands: each is denied and no table changes.
/// </summary>
public abstract class AdminRoleTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task Staff_EveryLabTeamVerbWithValidData_DeniedAndNothingChanged()
    {
        var name = AdminTesting.Unique("Gesperrt");
        var item = await LendingSeed.ItemAsync(Bot, name, 2, "VR");
        var request = await LendingSeed.ReservationAsync(Bot, item, Lotse, LendingSeed.WorkingDayUtc(3), LendingSeed.WorkingDayUtc(4), ReservationStatus.Requested);
        var form = AdminTesting.ItemForm(name, quantity: "1", itemId: item);
        form["confirmLoss"] = 5;
        var clicks = new (string Verb, JsonObject Data)[]
        {
            ("lendingAdmin.overview", []),
            ("lendingAdmin.items", []),
            ("lendingAdmin.itemForm", new JsonObject { ["itemId"] = item }),
            ("lendingAdmin.saveItem", form),
            ("lendingAdmin.saveItem", AdminTesting.ItemForm(AdminTesting.Unique("Neu"))),
            ("lendingAdmin.retire", new JsonObject { ["itemId"] = item, ["confirmed"] = true }),
            ("lendingAdmin.approvals", []),
            ("lendingAdmin.approve", new JsonObject { ["reservationId"] = request }),
            ("lendingAdmin.decline", new JsonObject { ["reservationId"] = request, ["reason"] = "Nein." }),
        };
        // Erika's chat is known beforehand, so remembering it is not what the snapshot sees.
        var chat = TrainingSeed.Chat(Erika);
        using (var install = await Bot.PostAsync(Install(Bot, Erika, chat))) Assert.Equal(200, (int)install.StatusCode);
        await Bot.Connector.WaitForCallsAsync(chat, 1);
        // Messages still waiting in the outbox would change their rows while the test runs.
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline
            && await Bot.WithDbAsync(db => db.OutboxMessages().AnyAsync(m => m.Status == OutboxStatus.Pending));) await Task.Delay(20);
        var before = await Bot.WithDbAsync(DatabaseSnapshot.TakeAsync);

        foreach (var (verb, data) in clicks)
        {
            var card = await TrainingSeed.ClickAsync(Bot, Erika, verb, data);
            Assert.True(Words(card).Contains(Word.De("denied.title"), StringComparison.Ordinal), $"{verb} was not denied");
        }
        foreach (var text in new[] { "ausleihe verwalten", "manage lending", $"foto {name}" })
        {
            var message = Message(Bot, Erika, text, chat);
            message["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "image/png",
                ["contentUrl"] = Bot.Connector.ServeFile($"v3/attachments/{Guid.NewGuid():N}/views/original", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], "image/png"),
            });
            using var response = await Bot.PostAsync(message);
            var reply = await Bot.Connector.WaitForReplyToAsync(chat, message["id"]!.GetValue<string>());
            Assert.True(Words(CardIn(reply)).Contains(Word.De("denied.title"), StringComparison.Ordinal), $"\"{text}\" was not denied");
        }

        var after = await Bot.WithDbAsync(DatabaseSnapshot.TakeAsync);
        Assert.True(before.SequenceEqual(after), "changed: " + string.Join("\n", after.Except(before).Take(3)));
        Assert.DoesNotContain(Bot.Connector.Calls, c => c.Method == "GET");
    }
}

public sealed class AdminRoleTests_Sqlite(LendingAdminSqliteBot bot) : AdminRoleTests<LendingAdminSqliteBot>(bot), IClassFixture<LendingAdminSqliteBot>;

public sealed class AdminRoleTests_Postgres(LendingAdminPostgresBot bot) : AdminRoleTests<LendingAdminPostgresBot>(bot), IClassFixture<LendingAdminPostgresBot>;
