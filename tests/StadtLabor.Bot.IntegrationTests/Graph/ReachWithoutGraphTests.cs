using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Surveys.Lifecycle.LifecycleTesting;

namespace StadtLabor.Bot.IntegrationTests.Graph;

/// <summary>Without Graph (the embedded default) the plan card offers no Entra groups, and an edited payload asking for them is refused.</summary>
public abstract class ReachWithoutGraphTests<TBot>(TBot fixture) where TBot : SurveysBot
{
    private TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task Plan_GraphOff_NoGroupChoice_GroupsRefused()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Ohne Graph"));
        var plan = await ClickAsync(Bot, Innovation, "surveysLifecycle.plan", Id(s.Id));
        var data = Plan(s.Id, await VersionAsync(Bot, s.Id), audience: "groups");
        data["groups"] = Guid.NewGuid().ToString("D");
        var refused = await ClickAsync(Bot, Innovation, "surveysLifecycle.start", data);

        Assert.DoesNotContain(Word.De("graphReach.plan.groups"), Words(plan), StringComparison.Ordinal);
        Assert.DoesNotContain("groups", FormCards.InputIds(plan));
        Assert.Contains(Word.De("graphReach.groupsOff"), Words(refused), StringComparison.Ordinal);
        Assert.Empty(await WavesAsync(Bot, s.Id));
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class ReachWithoutGraphTests_Sqlite(SqliteSurveysBot bot) : ReachWithoutGraphTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class ReachWithoutGraphTests_Postgres(PostgresSurveysBot bot) : ReachWithoutGraphTests<PostgresSurveysBot>(bot);
