using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests.Protocol;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Menu;

/// <summary>The lab team by object id, and the city's own lab address (shown as a mailto link).</summary>
public abstract class MenuBot : BotFixture
{
    public const string LabAddress = "team.stadtlabor@example.org";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
        ["Lab:ContactEmail"] = LabAddress,
    };
}

public sealed class SqliteMenuBot : MenuBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresMenuBot : MenuBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// The menu as Erika from the Ordnungsamt and as the lab team see it: every button names what it opens and is
/// there once, every area is built (no "kommt bald" left), the lab's address is a mailto link, the lab team's entries
/// only for the lab team and only in their 1:1 chat.
/// </summary>
public abstract class MenuTests<TBot>(TBot fixture) where TBot : MenuBot
{
    private static readonly string[] StaffVerbs =
        ["trainings.list", "lending.catalogue", "ideas.start", "surveys.list", "myitems.show", "privacy.notice"];

    private static readonly string[] LabTeamVerbs = [.. StaffVerbs, "trainings.manage", "outbox.status"];

    private TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static string NewConversation() => "a:menu-" + Guid.NewGuid().ToString("N");

    private async Task<JsonObject> MenuAsync(Persona persona, string text = "hilfe", string conversationType = "personal", string locale = "de-DE")
    {
        var conversation = conversationType == "personal" ? NewConversation() : "19:" + Guid.NewGuid().ToString("N") + "@thread.v2";
        await Bot.PostAsync(Message(Bot, persona, text, conversation, conversationType, locale));
        var reply = (await Bot.Connector.WaitForCallsAsync(conversation, 1))[0];
        ActivitySchemaCheck.AssertValid([reply.Body!.ToJsonString()]);
        return CardIn(reply)!;
    }

    [Fact]
    public async Task Menu_Staff_EveryButtonNamedOnceAndNoTeamEntries()
    {
        var card = await MenuAsync(Erika);

        Assert.Equal(StaffVerbs, Verbs(card));
        var titles = Actions(card).Select(a => a["title"]!.GetValue<string>()).ToList();
        Assert.Equal(titles.Count, titles.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain(Word.De("common.open"), titles);
        Assert.Contains(Word.De("menu.trainings.action"), titles);
        Assert.Contains(Word.De("menu.myItems.action"), titles);
        Assert.Contains(Word.De("menu.privacy.action"), titles);
        var words = Words(card);
        Assert.DoesNotContain(Word.De("menu.teamTitle"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("menu.language"), words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_LabTeamInTheirChat_ManageAndOutboxEntries()
    {
        var card = await MenuAsync(LabTeam);

        Assert.Equal(LabTeamVerbs, Verbs(card));
        var words = Words(card);
        Assert.Contains(Word.De("menu.teamTitle"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("menu.manage.title"), words, StringComparison.Ordinal);
        var titles = Actions(card).Select(a => a["title"]!.GetValue<string>()).ToList();
        Assert.Equal(titles.Count, titles.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public async Task Menu_LabTeamButtonInTheirChat_SameEntriesAsTyped()
    {
        var body = await Bot.InvokeAsync(Execute(Bot, LabTeam, "menu.show", conversationId: NewConversation()));

        Assert.Equal(LabTeamVerbs, Verbs(body["value"]));
    }

    [Fact]
    public async Task Menu_LabTeamInGroupChat_NoTeamEntriesWhereOthersRead()
    {
        var card = await MenuAsync(LabTeam, conversationType: "groupChat");

        Assert.Equal(StaffVerbs, Verbs(card));
    }

    [Fact]
    public async Task Menu_Surveys_BuiltEntryLeadsToTheSurveyList()
    {
        var card = await MenuAsync(Erika);

        Assert.DoesNotContain("kommt bald", Words(card), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Word.De("menu.surveys.action"), Actions(card).Single(a => a["verb"]!.GetValue<string>() == "surveys.list")["title"]!.GetValue<string>());
        var list = (await Bot.InvokeAsync(Execute(Bot, Erika, "surveys.list", conversationId: NewConversation())))["value"];
        Assert.Contains(Word.De("surveysAnswer.list.title"), Words(list), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("umfrage")]
    [InlineData("Umfragen")]
    [InlineData("surveys")]
    public async Task Surveys_Typed_BringsTheSurveyList(string text)
    {
        var conversation = NewConversation();
        await Bot.PostAsync(Message(Bot, Erika, text, conversation));
        var card = CardIn((await Bot.Connector.WaitForCallsAsync(conversation, 1))[0]);

        Assert.Contains(Word.De("surveysAnswer.list.title"), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorCard_UnknownVerb_LabAddressIsAMailtoLink()
    {
        var card = (await Bot.InvokeAsync(Execute(Bot, Erika, "menu.gone", conversationId: NewConversation())))["value"];

        // The markdown source itself, not Words(): the link must be a link, not escaped text.
        var source = string.Join("\n", card!["body"]!.AsArray().Select(b => b?["text"]?.ToString()));
        Assert.Contains($"[{MenuBot.LabAddress}](mailto:{MenuBot.LabAddress})", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Lab:ContactEmail", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_EnglishClient_EnglishEntriesAndMarks()
    {
        var card = await MenuAsync(LabTeam, "help", locale: "en-US");
        var words = Words(card);

        Assert.Contains(Word.En("menu.surveys.title"), words, StringComparison.Ordinal);
        Assert.Contains(Word.En("menu.teamTitle"), words, StringComparison.Ordinal);
        Assert.Contains(Word.En("menu.language"), words, StringComparison.Ordinal);
        Assert.Contains(Word.En("menu.trainings.action"), Actions(card).Select(a => a["title"]!.GetValue<string>()));
        Assert.DoesNotContain(Word.De("menu.surveys.title"), words, StringComparison.Ordinal);
    }
}

public sealed class MenuTests_Sqlite(SqliteMenuBot bot) : MenuTests<SqliteMenuBot>(bot), IClassFixture<SqliteMenuBot>;

public sealed class MenuTests_Postgres(PostgresMenuBot bot) : MenuTests<PostgresMenuBot>(bot), IClassFixture<PostgresMenuBot>;
