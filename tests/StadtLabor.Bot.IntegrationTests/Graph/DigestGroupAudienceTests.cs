using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Digests.Personal;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Graph.Installations;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Lending;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Graph;

/// <summary>
/// Issue 15's "audiences for digests can be Entra groups": the members of Digests:PersonalGroups get the personal
/// digest like everyone who has the app; a member without the app gets it installed first (the outbox asks Graph).
/// </summary>
public abstract class DigestGroupAudienceTests<TBot>(TBot bot) where TBot : GraphBot
{
    private readonly bool _ = GraphBot.Available(bot);

    [Fact]
    public async Task PersonalDigest_GroupMembers_WithAndWithoutTheApp_BothGetOne_TheOtherGetsTheAppInstalled()
    {
        var (withApp, withoutApp) = (TrainingSeed.Colleague(15400), TrainingSeed.Colleague(15401));
        bot.Graph.Group(GraphBot.DigestGroup, [withApp.AadObjectId, withoutApp.AadObjectId]);
        await bot.WithDbAsync(db =>
        {
            db.Installations().Add(new Installation
            {
                ConversationId = TrainingSeed.Chat(withApp), ServiceUrl = bot.Connector.ServiceUrl, TenantId = BotFixture.TenantId,
                ConversationType = "personal", UserId = withApp.Id, UserAadObjectId = withApp.AadObjectId, Active = true,
                InstalledAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        var monday = PersonalDigestPlan.Monday(DateOnly.FromDateTime(TrainingTime.ToBerlin(DateTime.UtcNow))).AddDays(14);
        while (!QuietHours.IsWorkingDay(monday)) monday = monday.AddDays(7);
        var session = await TrainingSeed.SessionAsync(bot, 10, QuietHours.At(monday.AddDays(1), new TimeOnly(10, 0)) - DateTime.UtcNow);
        await bot.WithDbAsync(db =>
        {
            foreach (var p in new[] { withApp, withoutApp })
                db.TrainingRegistrations().Add(new Registration
                {
                    SessionId = session, UserAadObjectId = p.AadObjectId, UserName = p.Name, TenantId = BotFixture.TenantId,
                    Status = RegistrationStatus.Booked, CreatedAtUtc = DateTime.UtcNow, BookedAtUtc = DateTime.UtcNow,
                });
            return db.SaveChangesAsync();
        });

        var at = QuietHours.At(monday, new TimeOnly(7, 30));
        var clock = new LabClock();
        clock.Set(at);
        await using (var scope = bot.App.Services.CreateAsyncScope())
            await ActivatorUtilities.CreateInstance<SendPersonalDigests>(scope.ServiceProvider, (TimeProvider)clock)
                .RunAsync(JobPeriod.Containing(new DateTimeOffset(at), JobPeriodKind.Day), CancellationToken.None);
        var keys = new[] { withApp, withoutApp }.Select(p => SendPersonalDigests.Key(PersonalDigestPlan.Key(monday), p.AadObjectId)).ToList();
        // The editions wait for their Monday; the test brings them forward.
        Assert.Equal(2, await bot.WithDbAsync(db => db.OutboxMessages().Where(m => keys.Contains(m.DedupeKey))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAtUtc, DateTime.UtcNow))));

        await OutboxHelpers.WaitForStatusAsync(bot, keys[0], OutboxStatus.Sent);
        var install = InstallApp.Key(BotFixture.TenantId, withoutApp.AadObjectId);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await bot.WithDbAsync(db => db.GraphCalls().AnyAsync(c => c.DedupeKey == install)) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        await bot.DrainGraphAsync();
        Assert.Contains(bot.Graph.Requests, r => r.Method == "POST"
            && r.Path.EndsWith($"/users/{withoutApp.AadObjectId}/teamwork/installedApps", StringComparison.Ordinal));
        // Held, not lost: the digest waits for Teams to announce the new chat.
        Assert.Equal(OutboxStatus.Pending, await bot.WithDbAsync(db => db.OutboxMessages().Where(m => m.DedupeKey == keys[1]).Select(m => m.Status).SingleAsync()));
    }
}

[Collection(GraphCollections.Sqlite)]
public sealed class DigestGroupAudienceTests_Sqlite(SqliteGraphBot bot) : DigestGroupAudienceTests<SqliteGraphBot>(bot);

[Collection(GraphCollections.Postgres)]
public sealed class DigestGroupAudienceTests_Postgres(PostgresGraphBot bot) : DigestGroupAudienceTests<PostgresGraphBot>(bot);
