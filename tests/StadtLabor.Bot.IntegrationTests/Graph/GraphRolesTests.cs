using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Graph.Roles;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Graph;

/// <summary>
/// Roles from Entra groups through the real app, its Graph client and the stub's checkMemberGroups: a group member
/// clicks a lab-team verb like Teams sends it, Graph failing is ridden out on the last answer within the grace period
/// and then denied, and more than 20 groups go in two requests. Colleagues 15200–15299 are this class's own.
/// </summary>
public abstract class GraphRolesTests<TBot>(TBot bot) where TBot : GraphBot
{
    private readonly bool _ = GraphBot.Available(bot);

    private const string LabTeamVerb = "lendingAdmin.overview";

    private static bool IsDenied(JsonObject card) => Words(card).Contains(Word.De("denied.title"), StringComparison.Ordinal);

    private GroupRoleCache Cache => bot.App.Services.GetRequiredService<GroupRoleCache>();

    /// <summary>
    /// The app's first Graph request pays for the token, the connection and compiling the Graph client, which on a
    /// loaded test machine can exceed the 3 s a turn waits; the tests measure the lookups after that.
    /// </summary>
    private async Task WarmAsync() =>
        await bot.App.Services.GetRequiredService<IMemberGroupsCheck>().MemberOfAsync(Guid.NewGuid().ToString(), [GraphBot.LabTeamGroup], CancellationToken.None);

    private int ChecksFor(Activities.Persona p) =>
        bot.Graph.Requests.Count(r => r.Path.EndsWith($"/users/{p.AadObjectId}/checkMemberGroups", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task LabTeamGroupMember_LabTeamVerb_AllowedAndCached_ErikaDenied()
    {
        var member = TrainingSeed.Colleague(15200);
        bot.Graph.AddToGroup(member.AadObjectId, GraphBot.LabTeamGroup);
        try
        {
            await WarmAsync();
            Assert.False(IsDenied(await TrainingSeed.ClickAsync(bot, member, LabTeamVerb)));
            Assert.False(IsDenied(await TrainingSeed.ClickAsync(bot, member, LabTeamVerb)));
            Assert.Equal(1, ChecksFor(member));
            var check = bot.Graph.Requests.Single(r => r.Path.EndsWith($"/users/{member.AadObjectId}/checkMemberGroups", StringComparison.OrdinalIgnoreCase));
            Assert.Equal("POST", check.Method);
            Assert.Equal(3, check.Body!["groupIds"]!.AsArray().Count);
            Assert.StartsWith("Bearer ", check.Authorization, StringComparison.Ordinal);

            var erika = await TrainingSeed.ClickAsync(bot, Activities.Erika, LabTeamVerb);
            Assert.True(IsDenied(erika));
            Assert.Contains(Word.De("roles.labTeam"), Words(erika), StringComparison.Ordinal);
        }
        finally
        {
            bot.Graph.RemoveFromGroup(member.AadObjectId, GraphBot.LabTeamGroup);
        }
    }

    [Fact]
    public async Task RoleGate_ForPagesAndExports_InnovationThroughANestedGroup()
    {
        var ines = TrainingSeed.Colleague(15201);
        var team = "0a1b2c3d-0000-4000-8000-0000000015c1";
        bot.Graph.AddToGroup(ines.AadObjectId, team);
        bot.Graph.AddToGroup(team, GraphBot.InnovationGroup);
        try
        {
            await WarmAsync();
            await using var scope = bot.App.Services.CreateAsyncScope();
            var gate = scope.ServiceProvider.GetRequiredService<RoleGate>();
            var user = new LabUser(BotFixture.TenantId, ines.AadObjectId);
            Assert.True(await gate.AllowsAsync(user, Role.Innovation, CancellationToken.None));
            // Innovation passes the Lotsen's gates, not the lab team's.
            Assert.True(await gate.AllowsAsync(user, Role.Lotse, CancellationToken.None));
            Assert.False(await gate.AllowsAsync(user, Role.LabTeam, CancellationToken.None));
        }
        finally
        {
            bot.Graph.RemoveFromGroup(ines.AadObjectId, team);
            bot.Graph.RemoveFromGroup(team, GraphBot.InnovationGroup);
        }
    }

    [Fact]
    public async Task GraphFailing_LastAnswerWithinGrace_ThenDenied()
    {
        var member = TrainingSeed.Colleague(15202);
        bot.Graph.AddToGroup(member.AadObjectId, GraphBot.LabTeamGroup);
        try
        {
            await WarmAsync();
            Assert.False(IsDenied(await TrainingSeed.ClickAsync(bot, member, LabTeamVerb)));
            // Stale (older than CacheMinutes, 5) but within the grace period (60): used, and refreshed in the background.
            Cache.Backdate(member.AadObjectId, TimeSpan.FromMinutes(6));
            bot.Graph.Fail(r => r.Path.Value!.Contains(member.AadObjectId, StringComparison.OrdinalIgnoreCase), 503, retryAfterSeconds: 1);
            Assert.False(IsDenied(await TrainingSeed.ClickAsync(bot, member, LabTeamVerb)));
            await WaitForAsync(() => bot.Graph.Requests.Any(r => r.Path.Contains(member.AadObjectId, StringComparison.OrdinalIgnoreCase) && r.Status == 503));

            // Graph has not confirmed the answer for longer than cache + grace: the lab team's verbs are denied now,
            // without another wait for Graph (it failed for this person a moment ago).
            Cache.Backdate(member.AadObjectId, TimeSpan.FromMinutes(60));
            var denied = await TrainingSeed.ClickAsync(bot, member, LabTeamVerb);
            Assert.True(IsDenied(denied));
            Assert.Equal(2, ChecksFor(member));
        }
        finally
        {
            bot.Graph.RemoveFromGroup(member.AadObjectId, GraphBot.LabTeamGroup);
        }
    }

    [Fact]
    public async Task MemberGroupsCheck_25Groups_TwoRequests_DeletedUserNoGroups()
    {
        var member = TrainingSeed.Colleague(15203);
        var groups = Enumerable.Range(1, 25).Select(i => $"0a1b2c3d-0000-4000-8000-0000000152{i:D2}").ToList();
        bot.Graph.AddToGroup(member.AadObjectId, groups[24]);
        bot.Graph.AddToGroup(member.AadObjectId, groups[3]);
        var check = bot.App.Services.GetRequiredService<IMemberGroupsCheck>();
        try
        {
            var found = await check.MemberOfAsync(member.AadObjectId, groups, CancellationToken.None);

            Assert.Equal([groups[3], groups[24]], found.Order(StringComparer.Ordinal));
            var calls = bot.Graph.Requests.Where(r => r.Path.Contains(member.AadObjectId, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.Equal([20, 5], calls.Select(c => c.Body!["groupIds"]!.AsArray().Count));
            Assert.All(calls, c => Assert.Equal(200, c.Status));

            bot.Graph.DeleteUser(member.AadObjectId);
            Assert.Empty(await check.MemberOfAsync(member.AadObjectId, groups, CancellationToken.None));
        }
        finally
        {
            bot.Graph.RestoreUser(member.AadObjectId);
            bot.Graph.RemoveFromGroup(member.AadObjectId, groups[24]);
            bot.Graph.RemoveFromGroup(member.AadObjectId, groups[3]);
        }
    }

    /// <summary>The background refresh is not awaited by the turn; wait for its request (bounded, no fixed sleep).</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !condition(); await Task.Delay(20))
            Assert.True(DateTime.UtcNow < deadline, "the background refresh did not reach Graph");
    }
}

[Collection(GraphCollections.Sqlite)]
public sealed class GraphRolesTests_Sqlite(SqliteGraphBot bot) : GraphRolesTests<SqliteGraphBot>(bot);

[Collection(GraphCollections.Postgres)]
public sealed class GraphRolesTests_Postgres(PostgresGraphBot bot) : GraphRolesTests<PostgresGraphBot>(bot);
