using System.Text.Json.Nodes;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.OutboxHelpers;

namespace StadtLabor.Bot.IntegrationTests.Turns;

/// <summary>
/// Lab-team cards are never posted where others read along: typed (or Action.Submit) in a group chat or channel,
/// the card goes to the person's 1:1 chat and the group hears only that an answer was sent privately.
/// </summary>
public abstract class PrivateAnswerTests<TBot>(TBot fixture) where TBot : FaultyBot
{
    private TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static string NewGroup() => $"19:group-{Guid.NewGuid():N}@thread.v2";

    [Fact]
    public async Task LabCommand_TypedInGroupChat_CardInOneToOneChatAndNoteInGroup()
    {
        var group = NewGroup();
        var message = Message(Bot, LabTeam, "postausgang", group, "groupChat");

        using var response = await Bot.PostAsync(message);

        Assert.Equal(200, (int)response.StatusCode);
        await AssertAnsweredPrivatelyAsync(group, message["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task LabSubmit_ClickedInChannel_CardInOneToOneChatAndNoteInChannel()
    {
        var channel = NewGroup();
        var message = Message(Bot, LabTeam, "", channel, "channel");
        message["value"] = new JsonObject { ["verb"] = "outbox.status" };

        using var response = await Bot.PostAsync(message);

        Assert.Equal(200, (int)response.StatusCode);
        await AssertAnsweredPrivatelyAsync(channel, message["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task StaffCommand_TypedInGroupChat_AnsweredInTheGroup()
    {
        var group = NewGroup();

        using var response = await Bot.PostAsync(Message(Bot, Erika, "hilfe", group, "groupChat"));

        Assert.Equal(200, (int)response.StatusCode);
        var reply = Assert.Single(await Bot.Connector.WaitForCallsAsync(group, 1));
        Assert.Contains("trainings.list", Verbs(CardIn(reply)));
    }

    private async Task AssertAnsweredPrivatelyAsync(string shared, string activityId)
    {
        var note = Assert.Single(await Bot.Connector.WaitForCallsAsync(shared, 1));
        Assert.Null(CardIn(note));
        Assert.Equal("Ich habe dir privat geantwortet.", note.Body!["text"]!.GetValue<string>());

        var sent = await WaitForStatusAsync(Bot, $"turns.private:{activityId}:0", OutboxStatus.Sent);
        Assert.Equal(LabTeam.AadObjectId, sent.UserAadObjectId);
        Assert.NotEqual(shared, sent.ConversationId);
        Assert.Contains("outbox.status", sent.ActivityJson, StringComparison.Ordinal);
        // The lab team's 1:1 chat (opened by the outbox) got the card; earlier tests may have sent it one too.
        Assert.Contains(Bot.Connector.CallsFor(sent.ConversationId!), c => CardIn(c) is { } content && Verbs(content).Contains("outbox.status"));
        Assert.Single(Bot.Connector.CallsFor(shared));
    }
}

public sealed class PrivateAnswerTests_Sqlite(FaultySqliteBot bot) : PrivateAnswerTests<FaultySqliteBot>(bot), IClassFixture<FaultySqliteBot>;

public sealed class PrivateAnswerTests_Postgres(FaultyPostgresBot bot) : PrivateAnswerTests<FaultyPostgresBot>(bot), IClassFixture<FaultyPostgresBot>;
