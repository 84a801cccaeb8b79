using System.Text.Json.Nodes;
using System.Diagnostics;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// Erika types a question instead of a command ("Wann ist die nächste Miro-Schulung?"): a question naming a tool gets
/// that tool's sessions (or its "tell me when" card), anything else the menu as before. Through HTTP on both databases.
/// </summary>
public abstract class ToolQuestionTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static string NewConversation() => $"a:personal-{Guid.NewGuid():N}";

    private async Task<JsonObject> AskAsync(string text, string locale = "de-DE")
    {
        var conversation = NewConversation();
        var message = Message(Bot, Erika, text, conversation, locale: locale);
        await Bot.PostAsync(message);
        var reply = await Bot.Connector.WaitForReplyToAsync(conversation, message["id"]!.GetValue<string>());
        return CardIn(reply) ?? throw new Xunit.Sdk.XunitException("no card in the answer");
    }

    private static bool IsMenu(JsonObject card) => Verbs(card).Contains("lending.catalogue");

    [Fact]
    public async Task Question_GermanNamingToolWithSessions_ThatToolsSessions()
    {
        await SessionAsync(Bot, capacity: 8, tool: "Miro", title: "Miro für Einsteiger");
        await SessionAsync(Bot, capacity: 8, tool: "Trello", title: "Trello im Team");

        var card = await AskAsync("Wann ist die nächste Miro-Schulung?");

        Assert.False(IsMenu(card));
        Assert.Contains("trainings.detail", Verbs(card));
        Assert.Contains("Miro für Einsteiger", Words(card));
        Assert.DoesNotContain("Trello im Team", Words(card));
    }

    [Fact]
    public async Task Question_EnglishNamingToolInLowerCase_ThatToolsSessions()
    {
        await SessionAsync(Bot, capacity: 8, tool: "Scrum", title: "Scrum kompakt");
        await SessionAsync(Bot, capacity: 8, tool: "Kanban", title: "Kanban-Board");

        var card = await AskAsync("when is the next scrum training?", locale: "en-US");

        Assert.False(IsMenu(card));
        Assert.Contains("Scrum kompakt", Words(card));
        Assert.DoesNotContain("Kanban-Board", Words(card));
    }

    [Fact]
    public async Task Question_ToolWithUmlautTypedAsUe_ThatToolsSessions()
    {
        await SessionAsync(Bot, capacity: 8, tool: "Bürgerportal", title: "Bürgerportal bedienen");

        var card = await AskAsync("Gibt es eine Schulung fuer das Buergerportal?");

        Assert.Contains("Bürgerportal bedienen", Words(card));
    }

    [Fact]
    public async Task Question_ToolWithoutSessions_TellMeWhenCard()
    {
        var toolId = await ToolAsync(Bot, "Stackfield");

        var card = await AskAsync("Gibt es bald was zu Stackfield?");

        Assert.False(IsMenu(card));
        Assert.Contains(Actions(card), a => a["verb"]?.GetValue<string>() == "trainings.interest" && a["data"]?["toolId"]?.ToString() == toolId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("trainings.detail", Verbs(card));
    }

    [Theory]
    [InlineData("Wann hat das Bürgerbüro geöffnet?")]
    [InlineData("Wer ist Mirowski?")]
    public async Task Question_NamingNoTool_MenuAsBefore(string text)
    {
        await ToolAsync(Bot, "Miro");

        var card = await AskAsync(text);

        Assert.True(IsMenu(card));
    }

    [Fact]
    public async Task Question_VeryLongTextNamingToolAtTheEnd_MenuFast()
    {
        await SessionAsync(Bot, capacity: 8, tool: "Miro", title: "Miro für Einsteiger");
        var text = string.Concat(Enumerable.Repeat("Wann hat das Bürgerbüro geöffnet? ", 3000)) + "Miro";

        var clock = Stopwatch.StartNew();
        var card = await AskAsync(text);
        clock.Stop();

        // Only the head of a long text is read, so a tool named 100,000 characters in is not seen.
        Assert.True(IsMenu(card));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.Elapsed.TotalMilliseconds:F0} ms");
    }
}

public sealed class ToolQuestionTests_Sqlite(SqliteBot bot) : ToolQuestionTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

public sealed class ToolQuestionTests_Postgres(PostgresBot bot) : ToolQuestionTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
