using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Privacy;

/// <summary>The purge job on a real database, without a dispatcher that would send (and so change) the test's outbox rows.</summary>
public abstract class PurgeBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Outbox:Enabled"] = "false",
        ["Privacy:Retention:FailedOutboxMessages"] = "60",
    };
}

public sealed class SqlitePurgeBot : PurgeBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPurgeBot : PurgeBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// The daily retention job through the job wrapper: rows past their retention go, younger rows and everything
/// still in use (active installations, pending messages, a sent message a pending update refers to) stay.
/// </summary>
public abstract class RetentionPurgeTests<TBot>(TBot fixture) where TBot : PurgeBot
{
    // 03:30 in Soest on 15 June 2030; the run covers that day, which began at 2030-06-14 22:00 UTC.
    private static readonly DateTimeOffset Scheduled = new(2030, 6, 15, 1, 30, 0, TimeSpan.Zero);
    private static readonly DateTime DayStart = new(2030, 6, 14, 22, 0, 0, DateTimeKind.Utc);

    private TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static DateTime DaysBefore(double days) => DayStart.AddDays(-days);

    private static Installation Installation(string name, bool active, double daysSinceUpdate) => new()
    {
        ConversationId = "a:purge-" + name,
        ServiceUrl = "https://smba.trafficmanager.net/emea/",
        TenantId = BotFixture.TenantId,
        ConversationType = "personal",
        UserId = "29:" + name,
        UserAadObjectId = Guid.NewGuid().ToString(),
        Active = active,
        InstalledAtUtc = DaysBefore(daysSinceUpdate + 10),
        UpdatedAtUtc = DaysBefore(daysSinceUpdate),
    };

    private static OutboxMessage Message(string key, OutboxStatus status, double daysSinceCreated, double? daysSinceSent = null,
        double? daysSinceLastAttempt = null, string? updates = null) => new()
    {
        DedupeKey = "purge:" + key,
        TenantId = BotFixture.TenantId,
        ServiceUrl = "https://smba.trafficmanager.net/emea/",
        ConversationId = "a:purge-outbox",
        ConversationKey = "a:purge-outbox",
        ActivityJson = """{"type":"message","text":"Erinnerung"}""",
        UpdatesDedupeKey = updates is null ? null : "purge:" + updates,
        Status = status,
        Attempts = 1,
        CreatedAtUtc = DaysBefore(daysSinceCreated),
        NextAttemptAtUtc = DaysBefore(daysSinceLastAttempt ?? daysSinceCreated),
        SentAtUtc = daysSinceSent is { } sent ? DaysBefore(sent) : null,
    };

    [Fact]
    public async Task Purge_DailyRun_OldRowsGoRecentAndInUseStay()
    {
        await Bot.WithDbAsync(async db =>
        {
            db.Installations().AddRange(
                Installation("uninstalled-long-ago", active: false, 181),
                Installation("uninstalled-recently", active: false, 179),
                Installation("installed-for-years", active: true, 900));
            db.OutboxMessages().AddRange(
                Message("sent-old", OutboxStatus.Sent, 40, daysSinceSent: 31),
                Message("sent-recent", OutboxStatus.Sent, 40, daysSinceSent: 29),
                Message("sent-old-no-time", OutboxStatus.Sent, 45),
                Message("sent-old-card", OutboxStatus.Sent, 50, daysSinceSent: 50),
                Message("update-of-card", OutboxStatus.Pending, 1, updates: "sent-old-card"),
                Message("pending-old", OutboxStatus.Pending, 400),
                Message("failed-old", OutboxStatus.Failed, 70, daysSinceLastAttempt: 61),
                Message("dead-old", OutboxStatus.Dead, 100, daysSinceLastAttempt: 95),
                Message("dead-retried-lately", OutboxStatus.Dead, 100, daysSinceLastAttempt: 59),
                Message("failed-recent", OutboxStatus.Failed, 20, daysSinceLastAttempt: 20));
            return await db.SaveChangesAsync();
        });

        var outcome = await Bot.App.Services.GetRequiredService<JobRun>().RunAsync(PurgeExpiredData.Name, Scheduled, CancellationToken.None);

        Assert.Equal(JobRunOutcome.Completed, outcome);
        var installations = await Bot.WithDbAsync(db => db.Installations().Where(i => i.ConversationId.StartsWith("a:purge-"))
            .Select(i => i.ConversationId).OrderBy(i => i).ToListAsync());
        Assert.Equal(["a:purge-installed-for-years", "a:purge-uninstalled-recently"], installations);
        var messages = await Bot.WithDbAsync(db => db.OutboxMessages().Select(m => m.DedupeKey).OrderBy(k => k).ToListAsync());
        Assert.Equal(
            ["purge:dead-retried-lately", "purge:failed-recent", "purge:pending-old", "purge:sent-old-card", "purge:sent-recent", "purge:update-of-card"],
            messages);
        // Counts per kind, and nothing about the rows themselves.
        Assert.Contains(Bot.Logs.Lines, l => l.Contains("Retention InactiveInstallations: 1 rows deleted, kept 180 days", StringComparison.Ordinal));
        Assert.Contains(Bot.Logs.Lines, l => l.Contains("Retention SentOutboxMessages: 2 rows deleted, kept 30 days", StringComparison.Ordinal));
        Assert.Contains(Bot.Logs.Lines, l => l.Contains("Retention FailedOutboxMessages: 2 rows deleted, kept 60 days", StringComparison.Ordinal));
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains("a:purge-", StringComparison.Ordinal) || l.Contains("Erinnerung", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Policies_Registered_DefaultsAndWordsForTheNotice()
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var policies = scope.ServiceProvider.GetServices<IRetentionPolicy>().ToDictionary(p => p.Kind, p => p.DefaultDays);
        var words = new Strings();

        Assert.Equal(new Dictionary<string, int>
        {
            ["InactiveInstallations"] = 180,
            ["SentOutboxMessages"] = 30,
            ["FailedOutboxMessages"] = 90,
            ["TrainingRegistrations"] = 365,
            ["TrainingFeedbackComments"] = 730,
            ["NotifiedTrainingInterests"] = 90,
            ["Lending"] = 365,
            ["LendingPurpose"] = 90,
            ["Ideas"] = 1095,
            ["Surveys"] = 730,
            ["DigestEditions"] = 90,
            ["GraphCalls"] = 30,
        }, policies);
        foreach (var lang in Strings.Languages)
            foreach (var kind in policies.Keys)
                foreach (var part in new[] { "short", "what", "why", "howLong" })
                    Assert.False(string.IsNullOrWhiteSpace(words.Get(lang, $"privacy.kinds.{JsonNamingPolicy.CamelCase.ConvertName(kind)}.{part}")));
    }
}

public sealed class RetentionPurgeTests_Sqlite(SqlitePurgeBot bot) : RetentionPurgeTests<SqlitePurgeBot>(bot), IClassFixture<SqlitePurgeBot>;

public sealed class RetentionPurgeTests_Postgres(PostgresPurgeBot bot) : RetentionPurgeTests<PostgresPurgeBot>(bot), IClassFixture<PostgresPurgeBot>;
