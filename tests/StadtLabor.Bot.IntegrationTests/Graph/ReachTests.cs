using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Lifecycle;
using StadtLabor.Bot.Features.Surveys.Lifecycle.Jobs;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Graph.Installations;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Surveys.Lifecycle.LifecycleTesting;

namespace StadtLabor.Bot.IntegrationTests.Graph;

/// <summary>
/// Reaching everyone (issue 15): Ines invites an Entra group (members read from Graph, page by page); two members
/// without the app get it installed through Graph, once each even with two surveys (a 429 on the way is retried), and
/// their invitations wait for Teams' conversationUpdate; an installation Graph answers 409 is taken as there; the
/// survey's department question starts at the person's Graph department.
/// </summary>
public abstract class ReachTests<TBot>(TBot bot) where TBot : GraphBot
{
    private readonly bool _ = GraphBot.Available(bot);

    private static Persona Colleague(int n) => TrainingSeed.Colleague(15300 + n);

    private static string Group() => Guid.NewGuid().ToString("D");

    private static bool InstallFor(HttpRequest r, Persona p) =>
        r.Method == "POST" && r.Path.Value!.EndsWith($"/users/{p.AadObjectId}/teamwork/installedApps", StringComparison.Ordinal);

    /// <summary>
    /// A wave for the group that opens today, started by the morning job (the plan card needs the Innovation role, which
    /// this fixture gives through Entra groups: the roles work's part); the card's own checks are in ReachRulesTests.
    /// </summary>
    private async Task<long> StartGroupSurveyAsync(string title, string group)
    {
        var s = await SurveySeed.SurveyAsync(bot, SurveySeed.Unique(title), x => (x.AudienceKind, x.Audience) = (AudienceKind.Groups, group));
        var wave = await bot.WithDbAsync(async db =>
        {
            var w = new SurveyWave { SurveyId = s.Id, Number = 1, Status = WaveStatus.Planned, OpensOn = Today, ClosesOn = Today.AddDays(14) };
            db.SurveyWaves().Add(w);
            await db.SaveChangesAsync();
            return w.Id;
        });
        await RunAsync<StartPlannedWaves>(bot, Today, 7);
        Assert.Equal(WaveStatus.Running, Assert.Single(await WavesAsync(bot, s.Id)).Status);
        return wave;
    }

    [Fact]
    public async Task Plan_GraphOn_OffersEntraGroups()
    {
        var s = await SurveySeed.SurveyAsync(bot, SurveySeed.Unique("Mit Graph"));
        await using var scope = bot.App.Services.CreateAsyncScope();
        var view = scope.ServiceProvider.GetRequiredService<LifecycleView>();
        var card = await view.PlanAsync(await bot.WithDbAsync(db => db.Surveys().SingleAsync(x => x.Id == s.Id)), 1, "de", null,
            new Dictionary<string, string>(), "", CancellationToken.None);
        Assert.Contains(Word.De("graphReach.plan.groups"), Words(card), StringComparison.Ordinal);
        Assert.Contains("groups", FormCards.InputIds(card));
    }

    [Fact]
    public async Task GroupSurvey_TwoWithoutTheApp_InstalledOnceEach_InvitedAfterTheirInstallUpdate()
    {
        var people = Enumerable.Range(0, 7).Select(Colleague).ToArray();
        var (withApp, without) = (people[..5], people[5..]);
        await PersonalAsync(bot, withApp);
        var group = Group();
        bot.Graph.Group(group, people.Select(p => p.AadObjectId));
        bot.Graph.Fail(r => InstallFor(r, without[0]), 429, retryAfterSeconds: 0);

        var first = await StartGroupSurveyAsync("Gruppe eins", group);
        var second = await StartGroupSurveyAsync("Gruppe zwei", group);
        Assert.Equal(people.Select(p => p.AadObjectId).Order(), (await InviteesAsync(bot, first)).Order());
        Assert.True(bot.Graph.Requests.Count(r => r.Path.Contains($"/groups/{group}/transitiveMembers/", StringComparison.Ordinal)) >= 6,
            "7 members at 3 a page are 3 pages per start");

        var waiting = without.SelectMany(p => new[] { WaveInvitations.Key(first, p.AadObjectId), WaveInvitations.Key(second, p.AadObjectId) }).ToList();
        foreach (var p in withApp)
        {
            await OutboxHelpers.WaitForStatusAsync(bot, WaveInvitations.Key(first, p.AadObjectId), OutboxStatus.Sent);
            await OutboxHelpers.WaitForStatusAsync(bot, WaveInvitations.Key(second, p.AadObjectId), OutboxStatus.Sent);
        }
        await WaitForAsync(async () => await bot.WithDbAsync(db => db.GraphCalls().CountAsync(c => c.Kind == InstallApp.KindName
            && (c.DedupeKey.EndsWith(without[0].AadObjectId) || c.DedupeKey.EndsWith(without[1].AadObjectId)))) == 2);
        await bot.DrainGraphAsync();

        foreach (var p in without)
        {
            var posts = bot.Graph.Requests.Where(r => IsInstallFor(r, p)).ToList();
            Assert.Equal(p == without[0] ? [429, 201] : new[] { 201 }, posts.Select(r => r.Status));
            Assert.Equal($"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{GraphBot.TeamsAppId}", posts[^1].Body!["teamsApp@odata.bind"]!.GetValue<string>());
        }
        // Held, not failed: no attempt used; the first one says why, the later ones wait behind it (order per person).
        var held = new List<OutboxMessage>();
        foreach (var key in waiting) held.Add(await OutboxHelpers.MessageAsync(bot, key));
        Assert.All(held, m => Assert.Equal((OutboxStatus.Pending, 0, null), (m.Status, m.Attempts, m.ConversationId)));
        foreach (var p in without)
            Assert.Contains(held, m => m.UserAadObjectId == p.AadObjectId && m.LastError == AppInstallations.Waiting && m.NextAttemptAtUtc > DateTime.UtcNow.AddMinutes(5));

        // Teams tells the bot about the new 1:1 chats, as it does after an installation.
        foreach (var p in without)
            (await bot.PostAsync(BotAdded(bot, p, "a:personal-reach-" + p.AadObjectId, "personal"))).EnsureSuccessStatusCode();
        foreach (var p in without)
        {
            foreach (var wave in new[] { first, second })
            {
                var sent = await OutboxHelpers.WaitForStatusAsync(bot, WaveInvitations.Key(wave, p.AadObjectId), OutboxStatus.Sent);
                Assert.Equal("a:personal-reach-" + p.AadObjectId, sent.ConversationId);
            }
        }
        Assert.Equal(2, bot.Graph.Requests.Count(r => r.Status == 201 && people.Any(p => IsInstallFor(r, p))));
    }

    [Fact]
    public async Task Install_AnsweredConflict_TakenAsInstalled_MessageOpensTheChat()
    {
        var erna = Colleague(20);
        bot.Graph.AppInstalled(erna.AadObjectId, GraphBot.TeamsAppId);
        // Opening a 1:1 chat needs the tenant's connector address, which any installation gives; in a fresh fixture
        // this test may be the first, so a colleague installs the app first (as someone always has in production).
        var first = Colleague(29);
        using (var installed = await bot.PostAsync(Activities.Install(bot, first, TrainingSeed.Chat(first))))
            Assert.True(installed.IsSuccessStatusCode);
        var key = "test.reach:" + Guid.NewGuid().ToString("N");
        await OutboxHelpers.EnqueueAsync(bot.App.Services, w => w.ToUserAsync(key, BotFixture.TenantId, erna.AadObjectId, OutboxHelpers.Text("Hallo"), CancellationToken.None));

        await WaitForAsync(async () => await bot.WithDbAsync(db => db.GraphCalls().AnyAsync(c => c.DedupeKey == InstallApp.Key(BotFixture.TenantId, erna.AadObjectId))));
        await bot.DrainGraphAsync();

        var call = await bot.WithDbAsync(db => db.GraphCalls().AsNoTracking().SingleAsync(c => c.DedupeKey == InstallApp.Key(BotFixture.TenantId, erna.AadObjectId)));
        Assert.Equal((GraphCallStatus.Done, 409), (call.Status, call.LastStatusCode));
        var sent = await OutboxHelpers.WaitForStatusAsync(bot, key, OutboxStatus.Sent);
        Assert.StartsWith("a:conv-", sent.ConversationId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_DepartmentFromGraph_PreselectedOnlyWhereAnOptionMatches()
    {
        var (bea, cem) = (Colleague(30), Colleague(31));
        bot.Graph.User(bea.AadObjectId, "bauen und stadtentwicklung");
        bot.Graph.User(cem.AadObjectId, "Kämmerei");
        var s = await SurveySeed.SurveyAsync(bot, SurveySeed.Unique("Abteilung"));
        var wave = await SurveySeed.WaveAsync(bot, s.Id, [bea, cem]);

        var beas = await ClickAsync(bot, bea, "surveys.answer", new JsonObject { ["waveId"] = wave });
        var cems = await ClickAsync(bot, cem, "surveys.answer", new JsonObject { ["waveId"] = wave });

        Assert.Equal("1", InputValue(beas, SurveyAnswers.InputId(s.Department.Id)));
        Assert.Equal("", InputValue(cems, SurveyAnswers.InputId(s.Department.Id)));
        Assert.Contains(bot.Graph.Requests, r => r.Path.EndsWith("/users/" + bea.AadObjectId, StringComparison.Ordinal) && r.Query.Contains("department", StringComparison.Ordinal));
    }

    private static string InputValue(JsonObject card, string id) => FormCards.Input(card, id)["value"]?.GetValue<string>() ?? "";

    private static bool IsInstallFor(GraphRequest r, Persona p) =>
        r.Method == "POST" && r.Path.EndsWith($"/users/{p.AadObjectId}/teamwork/installedApps", StringComparison.Ordinal);

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 20 s");
            await Task.Delay(50);
        }
    }
}

[Collection(GraphCollections.Sqlite)]
public sealed class ReachTests_Sqlite(SqliteGraphBot bot) : ReachTests<SqliteGraphBot>(bot);

[Collection(GraphCollections.Postgres)]
public sealed class ReachTests_Postgres(PostgresGraphBot bot) : ReachTests<PostgresGraphBot>(bot);
