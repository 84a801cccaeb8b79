using StadtLabor.Bot.Features.Installations;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests.Protocol;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Conversations;

/// <summary>
/// The first minutes with the bot, through HTTP as Teams sends them, on SQLite and on PostgreSQL: install and
/// welcome, the menu for "hilfe" and for anything not understood, menu buttons, uninstall.
/// </summary>
public abstract class ConversationTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static string NewConversation(string kind = "personal") => $"a:{kind}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Install_PersonalBothEvents_StoresReferenceAndWelcomesOnce()
    {
        var conversation = NewConversation();

        // Teams sends both events for one install, and may send them at the same moment.
        var responses = await Task.WhenAll(
            Bot.PostAsync(Install(Bot, Erika, conversation)),
            Bot.PostAsync(BotAdded(Bot, Erika, conversation, "personal")));

        Assert.All(responses, r => Assert.Equal(200, (int)r.StatusCode));
        var calls = await Bot.Connector.WaitForCallsAsync(conversation, 1);
        await Task.Delay(300);
        var welcome = Assert.Single(Bot.Connector.CallsFor(conversation));
        Assert.Contains("menu.show", Verbs(CardIn(welcome)));
        Assert.Contains("Erika", Words(CardIn(welcome)), StringComparison.Ordinal);

        var row = await Bot.WithDbAsync(db => db.Installations().SingleAsync(i => i.ConversationId == conversation));
        Assert.True(row.Active);
        Assert.Equal(Erika.AadObjectId, row.UserAadObjectId);
        Assert.Equal(Erika.Id, row.UserId);
        Assert.Equal(BotFixture.TenantId, row.TenantId);
        Assert.Equal(Bot.Connector.ServiceUrl, row.ServiceUrl);
        Assert.Equal("personal", row.ConversationType);
        _ = calls;
    }

    [Fact]
    public async Task Install_RedeliveredTwentyTimesAtOnce_OneRowOneWelcome()
    {
        var conversation = NewConversation();
        var install = Install(Bot, Erika, conversation);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Bot.PostAsync(install.DeepClone().AsObject())));

        Assert.All(responses, r => Assert.Equal(200, (int)r.StatusCode));
        await Bot.Connector.WaitForCallsAsync(conversation, 1);
        await Task.Delay(500);
        Assert.Single(Bot.Connector.CallsFor(conversation));
        Assert.Equal(1, await Bot.WithDbAsync(db => db.Installations().CountAsync(i => i.ConversationId == conversation)));
    }

    [Fact]
    public async Task Install_Team_StoresTeamAndGreetsEveryone()
    {
        var conversation = "19:" + Guid.NewGuid().ToString("N") + "@thread.tacv2";
        var activity = BotAdded(Bot, Lotse, conversation, "channel");
        activity["channelData"]!["team"] = new JsonObject { ["id"] = conversation, ["name"] = "Digitale Lotsen" };

        using var response = await Bot.PostAsync(activity);

        Assert.Equal(200, (int)response.StatusCode);
        var welcome = (await Bot.Connector.WaitForCallsAsync(conversation, 1))[0];
        Assert.DoesNotContain("Jonas", Words(CardIn(welcome)), StringComparison.Ordinal);
        var row = await Bot.WithDbAsync(db => db.Installations().SingleAsync(i => i.ConversationId == conversation));
        Assert.Equal(conversation, row.TeamId);
        Assert.Null(row.UserAadObjectId);
    }

    [Fact]
    public async Task Uninstall_ThenReinstall_InactiveThenWelcomedAgain()
    {
        var conversation = NewConversation();
        await Bot.PostAsync(Install(Bot, Erika, conversation));
        await Bot.Connector.WaitForCallsAsync(conversation, 1);

        using var removed = await Bot.PostAsync(Install(Bot, Erika, conversation, action: "remove"));

        Assert.Equal(200, (int)removed.StatusCode);
        Assert.False(await Bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversation && i.Active)));

        await Bot.PostAsync(Install(Bot, Erika, conversation));
        await Bot.Connector.WaitForCallsAsync(conversation, 2);
        Assert.True(await Bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversation && i.Active)));
    }

    [Fact]
    public async Task Uninstall_ReinstallEventMissed_NextMessageStoresTheChatAgain()
    {
        // The chat was known a moment ago (remembered in memory); the uninstall must make the next message look again.
        var conversation = NewConversation();
        await Bot.PostAsync(Message(Bot, Erika, "hilfe", conversation));
        await Bot.PostAsync(Message(Bot, Erika, "hilfe", conversation));
        using var removed = await Bot.PostAsync(Install(Bot, Erika, conversation, action: "remove"));
        Assert.False(await Bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversation && i.Active)));

        using var again = await Bot.PostAsync(Message(Bot, Erika, "hilfe", conversation));

        Assert.Equal(200, (int)again.StatusCode);
        Assert.True(await Bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversation && i.Active)));
    }

    [Fact]
    public async Task Reinstall_BothEventsAtOnceAndRedelivered_OneWelcomePerInstall()
    {
        var conversation = NewConversation();
        for (var install = 1; install <= 3; install++)
        {
            // One (re)install as Teams sends it: both events at the same moment, then both again (a redelivery).
            var add = Install(Bot, Erika, conversation);
            var added = BotAdded(Bot, Erika, conversation, "personal");
            var responses = await Task.WhenAll(
                Enumerable.Range(0, 3).SelectMany(_ => new[] { add, added }).Select(a => Bot.PostAsync(a.DeepClone().AsObject())));

            Assert.All(responses, r => Assert.Equal(200, (int)r.StatusCode));
            await Bot.Connector.WaitForCallsAsync(conversation, install);
            await Task.Delay(300);
            Assert.Equal(install, Bot.Connector.CallsFor(conversation).Count);
            Assert.True(await Bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversation && i.Active)));

            using var removed = await Bot.PostAsync(Install(Bot, Erika, conversation, action: "remove"));
            Assert.Equal(200, (int)removed.StatusCode);
        }
        Assert.Equal(1, await Bot.WithDbAsync(db => db.Installations().CountAsync(i => i.ConversationId == conversation)));
    }

    [Theory]
    [InlineData("hilfe")]
    [InlineData("Hilfe!")]
    [InlineData("MENÜ")]
    [InlineData("menue")]
    [InlineData("help")]
    [InlineData("hlife")]
    public async Task Help_TypedAnyWay_BringsMainMenu(string text)
    {
        var conversation = NewConversation();
        var message = Message(Bot, Erika, text, conversation);
        await Bot.PostAsync(message);

        var reply = (await Bot.Connector.WaitForCallsAsync(conversation, 1))[0];

        var verbs = Verbs(CardIn(reply));
        Assert.Contains("trainings.list", verbs);
        Assert.Contains("lending.catalogue", verbs);
        Assert.Contains("surveys.list", verbs);
        Assert.Contains("ideas.start", verbs);
        Assert.Contains("myitems.show", verbs);
        Assert.Contains("privacy.notice", verbs);
        // A reply to the message, in its conversation, ids escaped (they contain ':').
        var replyPath = $"/teams/v3/conversations/{Uri.EscapeDataString(conversation)}/activities/{message["id"]}";
        Assert.Equal(("POST", replyPath), (reply.Method, reply.Path));
    }

    [Fact]
    public async Task UnknownText_Anything_BringsMenuNeverSilence()
    {
        var conversation = NewConversation();
        await Bot.PostAsync(Message(Bot, Erika, "Wann hat das Bürgerbüro geöffnet?", conversation));

        var reply = (await Bot.Connector.WaitForCallsAsync(conversation, 1))[0];

        Assert.Contains("trainings.list", Verbs(CardIn(reply)));
    }

    [Fact]
    public async Task ChannelMessage_WithMention_MentionStrippedAndCommandUnderstood()
    {
        var conversation = "19:" + Guid.NewGuid().ToString("N") + "@thread.tacv2";
        var activity = Message(Bot, Lotse, "<at>stadtLABOR</at> datenschutz", conversation, "channel");
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>stadtLABOR</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:" + BotFixture.AppId, ["name"] = "stadtLABOR" },
        });

        await Bot.PostAsync(activity);
        var reply = (await Bot.Connector.WaitForCallsAsync(conversation, 1))[0];

        Assert.Contains("menu.show", Verbs(CardIn(reply)));
        Assert.DoesNotContain("trainings.list", Verbs(CardIn(reply)));
    }

    [Fact]
    public async Task MenuButton_Surveys_AnswersTheSurveyListInPlace()
    {
        var body = await Bot.InvokeAsync(Execute(Bot, Erika, "surveys.list", conversationId: NewConversation()));

        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", body["value"]!["type"]!.GetValue<string>());
        Assert.Contains("menu.show", Verbs(body["value"]));
    }

    [Fact]
    public async Task MenuButton_Menu_AnswersMenuCard()
    {
        var body = await Bot.InvokeAsync(Execute(Bot, Erika, "menu.show", conversationId: NewConversation()));
        Assert.Contains("trainings.list", Verbs(body["value"]));
    }

    [Fact]
    public async Task CardButton_UnknownVerb_FriendlyCardNotAnError()
    {
        var body = await Bot.InvokeAsync(Execute(Bot, Erika, "trainings.deleteEverything", conversationId: NewConversation()));

        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Contains("menu.show", Verbs(body["value"]));
    }

    [Fact]
    public async Task CardButton_NoVerb_ErrorResponseAndNothingChanged()
    {
        var activity = Execute(Bot, Erika, "menu.show", conversationId: NewConversation());
        activity["value"]!["action"]!.AsObject().Remove("verb");

        var body = await Bot.InvokeAsync(activity);

        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["value"]!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ActionSubmit_MessageWithVerb_RoutedLikeExecute()
    {
        var conversation = NewConversation();
        var activity = Message(Bot, Erika, "", conversation);
        activity.Remove("text");
        activity["value"] = new JsonObject { ["verb"] = "ideas.start" };

        await Bot.PostAsync(activity);
        var reply = (await Bot.Connector.WaitForCallsAsync(conversation, 1))[0];

        Assert.Contains("menu.show", Verbs(CardIn(reply)));
    }

    [Fact]
    public async Task Welcome_NameWithMarkdownLink_ShownAsTextNoLink()
    {
        var conversation = NewConversation();
        var attacker = Erika with { Name = "[Gehaltsliste](https://evil.example/x) **Admin**" };

        await Bot.PostAsync(Install(Bot, attacker, conversation));
        var welcome = (await Bot.Connector.WaitForCallsAsync(conversation, 1))[0];

        // Escaped markdown: the brackets show as typed and no link is formed (the renderer check is in the card tests).
        // Words() reads escapes as the characters seen, so look at the markdown source itself.
        var source = string.Join("\n", CardIn(welcome)!["body"]!.AsArray().Select(b => b?["text"]?.ToString()));
        Assert.Contains("\\[Gehaltsliste\\]", source, StringComparison.Ordinal);
        Assert.DoesNotContain("[Gehaltsliste](", source, StringComparison.Ordinal);
        Assert.Contains("[Gehaltsliste](", Words(CardIn(welcome)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_EnglishClient_EnglishWords()
    {
        var german = NewConversation();
        var english = NewConversation();
        await Bot.PostAsync(Message(Bot, Erika, "hilfe", german));
        await Bot.PostAsync(Message(Bot, Erika, "help", english, locale: "en-US"));

        var de = Words(CardIn((await Bot.Connector.WaitForCallsAsync(german, 1))[0]));
        var en = Words(CardIn((await Bot.Connector.WaitForCallsAsync(english, 1))[0]));

        Assert.NotEqual(de, en);
        Assert.Contains(Word.De("menu.trainings.title"), de, StringComparison.Ordinal);
        Assert.Contains(Word.En("menu.trainings.title"), en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SentActivities_AllOfThisFlow_PassMicrosoftActivitySchema()
    {
        var conversation = NewConversation();
        await Bot.PostAsync(Install(Bot, Erika, conversation));
        await Bot.PostAsync(Message(Bot, Erika, "hilfe", conversation));
        await Bot.PostAsync(Message(Bot, Erika, "blubb", conversation));

        var calls = await Bot.Connector.WaitForCallsAsync(conversation, 3);

        ActivitySchemaCheck.AssertValid(calls.Select(c => c.Body!.ToJsonString()));
    }

    [Fact]
    public async Task Health_Ready_DatabaseReachableAndMigrated()
    {
        using var response = await Bot.Http.GetAsync("/health/ready");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("migrations applied", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var live = await Bot.Http.GetAsync("/health/live");
        Assert.Equal(200, (int)live.StatusCode);
    }
}

public sealed class ConversationTests_Sqlite(SqliteBot bot) : ConversationTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class ConversationTests_Postgres(PostgresBot bot) : ConversationTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
