using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.OutboxHelpers;

namespace StadtLabor.Bot.IntegrationTests.Pages.Status;

[Collection(PagesCollections.Sqlite)]
public sealed class LabStatusTests_Sqlite(SqlitePagesBot bot) : LabStatusTests<SqlitePagesBot>(bot);

[Collection(PagesCollections.Postgres)]
public sealed class LabStatusTests_Postgres(PostgresPagesBot bot) : LabStatusTests<PostgresPagesBot>(bot);

/// <summary>
/// "Versand &amp; Jobs" (/labor/status): the lab team sees the outbox's figures, the messages given up (kind, when,
/// attempts, reason; never content or recipient), sends them again, and sees each job's last success, next run and
/// a failure's incident number. Staff get 403.
/// </summary>
public abstract class LabStatusTests<TBot>(TBot fixture) where TBot : PagesBot
{
    /// <summary>
    /// Seeded messages look claimed by another node (or sit in a conversation it holds), so the running dispatcher
    /// leaves them as they are and the figures stay what the test made.
    /// </summary>
    private const string Elsewhere = "status-test-other-node";
    private const string Secret = "Persönliche Nachricht an Erika";
    private static readonly Strings Texts = new();
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task Counts_MessagesSeeded_EachStateCountedOnce()
    {
        await WaitForQuietOutboxAsync();
        using var sam = await Bot.SignInAsync(Activities.LabTeam);
        var before = await sam.GetAsync("/labor/status");
        var now = DateTime.UtcNow;
        var run = Guid.NewGuid().ToString("N")[..8];

        await SeedAsync(
            Message($"status-{run}.waiting", OutboxStatus.Pending, m => { m.NextAttemptAtUtc = now.AddDays(1); m.LastError = "503 ServiceUnavailable"; }),
            Message($"status-{run}.waiting", OutboxStatus.Pending, m => { m.NextAttemptAtUtc = now.AddDays(1); m.LastError = "503 ServiceUnavailable"; }),
            Message($"status-{run}.sending", OutboxStatus.Pending, m => m.LeaseUntilUtc = now.AddDays(1)),
            Message($"status-{run}.sent", OutboxStatus.Sent, m => m.SentAtUtc = now),
            Message($"status-{run}.sent", OutboxStatus.Sent, m => m.SentAtUtc = now),
            Message($"status-{run}.sent", OutboxStatus.Sent, m => m.SentAtUtc = now),
            Message($"status-{run}.sentEarlier", OutboxStatus.Sent, m => m.SentAtUtc = now.AddDays(-2)),
            Message($"status-{run}.dead", OutboxStatus.Dead, m => { m.Attempts = 8; m.LastError = "429 Throttled"; }),
            Message($"status-{run}.dead", OutboxStatus.Dead, m => { m.Attempts = 8; m.LastError = "429 Throttled"; }));
        var after = await sam.GetAsync("/labor/status");

        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(Texts.Get("de", "pages.labStatus.title"), after.H1);
        Assert.Equal(Count(before, "waiting") + 2, Count(after, "waiting"));
        Assert.Equal(Count(before, "sending") + 1, Count(after, "sending"));
        Assert.Equal(Count(before, "sentToday") + 3, Count(after, "sentToday"));
        Assert.Equal(Count(before, "dead") + 2, Count(after, "dead"));
        var dead = after.Document.QuerySelectorAll("#dead-letters tbody tr").Where(r => r.Children[0].TextContent == $"status-{run}.dead").ToList();
        Assert.Equal(2, dead.Count);
        Assert.All(dead, r => Assert.Equal(["8", "429 Throttled"], [r.Children[2].TextContent, r.Children[3].TextContent]));
        // What a message says and whom it goes to stays in the database.
        Assert.DoesNotContain(Secret, after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(Activities.Erika.AadObjectId, after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryDead_Confirmed_MessagePendingAgainWithFreshAttempts()
    {
        var conversation = "a:status-retry-" + Guid.NewGuid().ToString("N");
        var key = $"status-retry:{Guid.NewGuid()}";
        // The held conversation keeps the dispatcher from sending the retried message before the test looks at it.
        await SeedAsync(
            Message("status-retry.holder:" + Guid.NewGuid(), OutboxStatus.Pending, m => m.LeaseUntilUtc = DateTime.UtcNow.AddDays(1), conversation),
            Message(key, OutboxStatus.Dead, m => { m.Attempts = 8; m.LastError = "503 ServiceUnavailable"; }, conversation));
        using var sam = await Bot.SignInAsync(Activities.LabTeam);
        var page = await sam.GetAsync("/labor/status");
        var deadBefore = Count(page, "dead");

        var done = await sam.SubmitAsync(page, "form#retry-dead");

        Assert.Equal("/labor/status", done.Path);
        Assert.Equal(string.Format(German, Texts.Get("de", "outbox.retried"), deadBefore), done.Notice);
        var message = await MessageAsync(Bot, key);
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(0, message.Attempts);
        Assert.Null(message.LeaseUntilUtc);
    }

    [Fact]
    public async Task Jobs_FailingJob_LastSuccessNextRunAndIncidentShown()
    {
        var store = Bot.App.Services.GetRequiredService<JobPeriodStore>();
        var succeeded = DateTimeOffset.UtcNow.AddDays(-2);
        var failed = DateTimeOffset.UtcNow.AddHours(-3);
        var incident = "t" + Guid.NewGuid().ToString("N")[..6];
        await store.RecordSuccessAsync(PurgeJobPeriods.Name, "2026-11-30", succeeded, CancellationToken.None);
        await store.RecordFailureAsync(PurgeJobPeriods.Name, "2026-12-01", failed, incident, "TimeoutException", CancellationToken.None);
        var scheduler = await Bot.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var next = (await scheduler.GetTrigger(new TriggerKey(PurgeJobPeriods.Name, JobSchedules.Group)))!.NextFireTimeUtc!.Value;

        using var sam = await Bot.SignInAsync(Activities.LabTeam);
        var page = await sam.GetAsync("/labor/status");

        var row = page.Document.QuerySelector($"#job-status tr[data-job='{PurgeJobPeriods.Name}']")!;
        Assert.Equal(Texts.Get("de", $"outbox.jobs.{PurgeJobPeriods.Name}"), row.QuerySelector("th")!.TextContent.Trim());
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(Texts.Format("de", "pages.labStatus.successAt", Wording.Moment("de", succeeded.UtcDateTime), "2026-11-30"), cells[0]);
        Assert.Equal(Wording.Moment("de", next.UtcDateTime), cells[1]);
        Assert.Equal(Texts.Format("de", "pages.labStatus.failing", Wording.Moment("de", failed.UtcDateTime), incident, "TimeoutException"), cells[2]);
        // Every job of the app has its line.
        Assert.Equal(Bot.App.Services.GetRequiredService<JobCatalog>().Jobs.Count, page.Document.QuerySelectorAll("#job-status tbody tr").Length);
    }

    [Fact]
    public async Task Erika_OpensOrRetries_ForbiddenAndNothingRetried()
    {
        var key = $"status-erika:{Guid.NewGuid()}";
        var conversation = "a:status-erika-" + Guid.NewGuid().ToString("N");
        await SeedAsync(
            Message("status-erika.holder:" + Guid.NewGuid(), OutboxStatus.Pending, m => m.LeaseUntilUtc = DateTime.UtcNow.AddDays(1), conversation),
            Message(key, OutboxStatus.Dead, m => m.Attempts = 8, conversation));
        using var erika = await Bot.SignInAsync(Activities.Erika);

        var page = await erika.GetAsync("/labor/status");
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(Texts.Get("de", "pages.status.forbidden.title"), page.H1);

        // Even with a valid anti-forgery token (from a page she may open) the retry is refused.
        var signedOut = await erika.GetAsync("/abgemeldet");
        var token = signedOut.Document.QuerySelector("input[name='__af']")!.GetAttribute("value")!;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/labor/status?handler=Retry") { Content = new FormUrlEncodedContent([new("__af", token)]) };
        using var refused = await erika.SendAsync(post);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(OutboxStatus.Dead, (await MessageAsync(Bot, key)).Status);
    }

    [Fact]
    public async Task Browser_SamRetriesByKeyboard_AccessibleAndNoticeShown()
    {
        var conversation = "a:status-walk-" + Guid.NewGuid().ToString("N");
        var key = $"status-walk:{Guid.NewGuid()}";
        await SeedAsync(
            Message("status-walk.holder:" + Guid.NewGuid(), OutboxStatus.Pending, m => m.LeaseUntilUtc = DateTime.UtcNow.AddDays(1), conversation),
            Message(key, OutboxStatus.Dead, m => { m.Attempts = 8; m.LastError = "503 ServiceUnavailable"; }, conversation));

        var page = await Bot.Browser.OpenAsync(Activities.LabTeam, "/labor/status");
        await PagesBrowser.AssertAccessibleAsync(page, "status page with messages given up");
        await Bot.Browser.ScreenshotAsync(page, "60-status");
        await PagesBrowser.TabToAsync(page, "#retry-dead button");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".notice").WaitForAsync();

        Assert.EndsWith("/labor/status", page.Url, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Pending, (await MessageAsync(Bot, key)).Status);
        await PagesBrowser.AssertAccessibleAsync(page, "status page after the retry");
        await page.Context.CloseAsync();
    }

    private static int Count(PageResult page, string state) =>
        int.Parse(page.Document.QuerySelector($"#outbox-counts tr[data-count='{state}'] td")!.TextContent, NumberStyles.AllowThousands, German);

    private OutboxMessage Message(string dedupeKey, OutboxStatus status, Action<OutboxMessage> shape, string? conversation = null)
    {
        var now = DateTime.UtcNow;
        conversation ??= "a:status-" + Guid.NewGuid().ToString("N");
        var message = new OutboxMessage
        {
            DedupeKey = dedupeKey.Contains(':', StringComparison.Ordinal) ? dedupeKey : $"{dedupeKey}:{Guid.NewGuid()}",
            TenantId = BotFixture.TenantId,
            ServiceUrl = Bot.Connector.ServiceUrl,
            ConversationId = conversation,
            ConversationKey = conversation,
            UserAadObjectId = Activities.Erika.AadObjectId,
            ActivityJson = $$"""{"type":"message","text":"{{Secret}}"}""",
            Status = status,
            CreatedAtUtc = now.AddMinutes(-30),
            NextAttemptAtUtc = now,
            ClaimedBy = Elsewhere,
        };
        shape(message);
        return message;
    }

    private async Task SeedAsync(params OutboxMessage[] messages) =>
        await Bot.WithDbAsync(db =>
        {
            db.OutboxMessages().AddRange(messages);
            return db.SaveChangesAsync();
        });

    /// <summary>Waits (up to 10 s) until messages earlier tests queued are out, so only the seeded ones move the figures.</summary>
    private async Task WaitForQuietOutboxAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && await Bot.WithDbAsync(db =>
        {
            var soon = DateTime.UtcNow.AddSeconds(5);
            return db.OutboxMessages().AnyAsync(m => m.Status == OutboxStatus.Pending && m.ClaimedBy != Elsewhere && m.NextAttemptAtUtc <= soon);
        }))
            await Task.Delay(50);
    }
}
