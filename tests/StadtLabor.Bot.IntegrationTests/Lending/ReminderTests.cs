using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Jobs;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Hosting;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// The daily lending reminder on SQLite and PostgreSQL: one message per person and day listing everything, only on
/// working days, never twice (a second run, a restart). The job runs directly (as the scheduler would, from a scope)
/// at fixed days of the app's clock, so weekdays and holidays do not depend on the day the tests run.
/// </summary>
public abstract class ReminderTests<TBot>(TBot fixture) where TBot : LendingJobsBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static int _next = 9400;

    private static Activities.Persona NewColleague() => TrainingSeed.Colleague(Interlocked.Increment(ref _next));

    /// <summary>Thursday 12 Nov 2026, 09:00 in Berlin (08:00 UTC): the reminder's usual moment.</summary>
    private static readonly DateTime Thursday = Berlin(2026, 11, 12, 9);

    private static DateTime Berlin(int y, int m, int d, int h, int min = 0) => TrainingTime.ToUtc(new DateTime(y, m, d, h, min, 0));

    private Task<long> ItemAsync(string name, int quantity = 1) => LendingSeed.ItemAsync(Bot, $"{name} {Guid.NewGuid().ToString("N")[..8]}", quantity);

    private Task<long> LentAsync(long itemId, Activities.Persona p, DateTime from, DateTime to, int quantity = 1) =>
        LendingSeed.ReservationAsync(Bot, itemId, p, from, to, ReservationStatus.Lent, quantity);

    private Task<List<OutboxMessage>> RemindersAsync(Activities.Persona p) => Bot.MessagesAsync($"lending.reminder:{p.AadObjectId}:");

    private Task<string> NameAsync(long itemId) => Bot.WithDbAsync(db => db.LendingItems().Where(i => i.Id == itemId).Select(i => i.Name).SingleAsync());

    [Fact]
    public async Task Reminder_ThreeOverdueItemsOfOnePerson_OneMessageListingThree()
    {
        var erika = NewColleague();
        long[] items = [await ItemAsync("VR-Brille"), await ItemAsync("3D-Drucker"), await ItemAsync("Roboter", 3)];
        await LentAsync(items[0], erika, Berlin(2026, 11, 2, 9), Berlin(2026, 11, 9, 12));
        await LentAsync(items[1], erika, Berlin(2026, 11, 3, 9), Berlin(2026, 11, 10, 12));
        await LentAsync(items[2], erika, Berlin(2026, 11, 4, 9), Berlin(2026, 11, 11, 12), quantity: 2);

        await Bot.RunAsync<SendLendingReminders>(Thursday, JobPeriodKind.Day);

        var reminder = Assert.Single(await RemindersAsync(erika));
        Assert.Equal(SendLendingReminders.Key(erika.AadObjectId, new DateOnly(2026, 11, 12)), reminder.DedupeKey);
        Assert.Equal(erika.AadObjectId, reminder.UserAadObjectId);
        Assert.Equal("user:" + erika.AadObjectId, reminder.ConversationKey);
        var card = LendingJobsBot.CardOf(reminder);
        var words = Words(card);
        Assert.Contains(Word.De("lendingReminders.reminder.title"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReminders.reminder.overdue"), words, StringComparison.Ordinal);
        Assert.Contains(await NameAsync(items[0]), words, StringComparison.Ordinal);
        Assert.Contains(await NameAsync(items[1]), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReminders.quantity", await NameAsync(items[2]), 2), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReminders.reminder.overdueSince", StadtLabor.Bot.Cards.Wording.Moment("de", Berlin(2026, 11, 9, 12), Thursday)),
            words, StringComparison.Ordinal);
        Assert.Equal(3, Verbs(card).Count(v => v == "lending.extend"));
        Assert.Contains("lending.mine", Verbs(card));
        Assert.Contains("menu.show", Verbs(card));
    }

    [Fact]
    public async Task Reminder_PickupReturnAndOverdueTomorrow_OneMessageWithAllThreeAndNothingElse()
    {
        var erika = NewColleague();
        var pickup = await ItemAsync("Mobiles stadtLABOR");
        var returning = await ItemAsync("Tablet");
        var overdue = await ItemAsync("Sensor-Set");
        var monday = await ItemAsync("Kamera");
        var requested = await ItemAsync("Beamer");
        await LendingSeed.ReservationAsync(Bot, pickup, erika, Berlin(2026, 11, 13, 9), Berlin(2026, 11, 18, 15));
        await LentAsync(returning, erika, Berlin(2026, 11, 9, 9), Berlin(2026, 11, 13, 12));
        await LentAsync(overdue, erika, Berlin(2026, 11, 2, 9), Berlin(2026, 11, 10, 12));
        await LendingSeed.ReservationAsync(Bot, monday, erika, Berlin(2026, 11, 16, 9), Berlin(2026, 11, 18, 15));
        await LendingSeed.ReservationAsync(Bot, requested, erika, Berlin(2026, 11, 13, 9), Berlin(2026, 11, 18, 15), ReservationStatus.Requested);

        await Bot.RunAsync<SendLendingReminders>(Thursday, JobPeriodKind.Day);

        var words = Words(LendingJobsBot.CardOf(Assert.Single(await RemindersAsync(erika))));
        foreach (var key in new[] { "overdue", "returns", "pickups" })
            Assert.Contains(Word.De($"lendingReminders.reminder.{key}"), words, StringComparison.Ordinal);
        foreach (var item in new[] { pickup, returning, overdue })
            Assert.Contains(await NameAsync(item), words, StringComparison.Ordinal);
        Assert.DoesNotContain(await NameAsync(monday), words, StringComparison.Ordinal);
        Assert.DoesNotContain(await NameAsync(requested), words, StringComparison.Ordinal);
        // Overdue comes first, then the return, then the pickup.
        Assert.True(words.IndexOf(await NameAsync(overdue), StringComparison.Ordinal) < words.IndexOf(await NameAsync(returning), StringComparison.Ordinal));
        Assert.True(words.IndexOf(await NameAsync(returning), StringComparison.Ordinal) < words.IndexOf(await NameAsync(pickup), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reminder_RunTwiceTheSameDay_SentOnce_AndOverdueAgainNextWorkingDay()
    {
        var erika = NewColleague();
        await LentAsync(await ItemAsync("VR-Brille"), erika, Berlin(2026, 11, 2, 9), Berlin(2026, 11, 10, 12));

        await Bot.RunAsync<SendLendingReminders>(Thursday, JobPeriodKind.Day);
        await Bot.RunAsync<SendLendingReminders>(Thursday.AddHours(3), JobPeriodKind.Day);
        await Bot.RunAsync<SendLendingReminders>(Berlin(2026, 11, 13, 9), JobPeriodKind.Day);

        Assert.Equal([SendLendingReminders.Key(erika.AadObjectId, new DateOnly(2026, 11, 12)), SendLendingReminders.Key(erika.AadObjectId, new DateOnly(2026, 11, 13))],
            (await RemindersAsync(erika)).Select(m => m.DedupeKey));
    }

    /// <summary>
    /// A restart is a new process on the same database: the scheduler's record of the completed day stops a second
    /// run, and even the job body run again in the new instance finds the day's message queued already.
    /// </summary>
    [Fact]
    public async Task Reminder_AfterARestart_NothingRepeated()
    {
        var erika = NewColleague();
        await LentAsync(await ItemAsync("VR-Brille"), erika, Berlin(2026, 11, 2, 9), Berlin(2026, 11, 10, 12));
        var friday = Berlin(2026, 11, 13, 9);
        Bot.Clock.Set(friday);

        var first = await Bot.App.Services.GetRequiredService<JobRun>().RunAsync(SendLendingReminders.Name, friday, CancellationToken.None);
        await using (var restarted = Bot.BuildSecondInstance())
        {
            var again = await restarted.Services.GetRequiredService<JobRun>().RunAsync(SendLendingReminders.Name, friday, CancellationToken.None);
            await Bot.RunAsync<SendLendingReminders>(restarted.Services, friday, JobPeriodKind.Day);
            Assert.Equal(JobRunOutcome.AlreadyDone, again);
        }

        Assert.Equal(JobRunOutcome.Completed, first);
        Assert.Single(await RemindersAsync(erika));
    }

    [Theory]
    [InlineData(2026, 11, 14)] // Saturday
    [InlineData(2026, 11, 15)] // Sunday
    [InlineData(2026, 12, 25)] // Christmas Day, a Friday
    public async Task Reminder_WeekendOrHoliday_NoRun(int y, int m, int d)
    {
        var erika = NewColleague();
        await LentAsync(await ItemAsync("VR-Brille"), erika, Berlin(2026, 11, 2, 9), Berlin(2026, 11, 10, 12));
        var next = LendingDays.NextWorkingDay(new DateOnly(y, m, d));
        await LendingSeed.ReservationAsync(Bot, await ItemAsync("Tablet"), erika, Berlin(next.Year, next.Month, next.Day, 9), Berlin(2027, 1, 20, 12));

        await Bot.RunAsync<SendLendingReminders>(Berlin(y, m, d, 9), JobPeriodKind.Day);

        Assert.Empty(await RemindersAsync(erika));
    }

    [Fact]
    public async Task Reminder_Friday_CoversMondayAndMondayDoesNotRepeatIt()
    {
        var erika = NewColleague();
        var pickup = await ItemAsync("Mobiles stadtLABOR");
        var returning = await ItemAsync("Tablet");
        var tuesday = await ItemAsync("Kamera");
        await LendingSeed.ReservationAsync(Bot, pickup, erika, Berlin(2026, 11, 16, 9), Berlin(2026, 11, 20, 12));
        await LentAsync(returning, erika, Berlin(2026, 11, 10, 9), Berlin(2026, 11, 16, 12));
        await LendingSeed.ReservationAsync(Bot, tuesday, erika, Berlin(2026, 11, 17, 9), Berlin(2026, 11, 20, 12));

        await Bot.RunAsync<SendLendingReminders>(Berlin(2026, 11, 13, 9), JobPeriodKind.Day);
        await Bot.RunAsync<SendLendingReminders>(Berlin(2026, 11, 16, 9), JobPeriodKind.Day);

        var sent = await RemindersAsync(erika);
        Assert.Equal(2, sent.Count);
        var friday = Words(LendingJobsBot.CardOf(sent[0]));
        Assert.Contains(await NameAsync(pickup), friday, StringComparison.Ordinal);
        Assert.Contains(await NameAsync(returning), friday, StringComparison.Ordinal);
        Assert.DoesNotContain(await NameAsync(tuesday), friday, StringComparison.Ordinal);
        // Monday announces Tuesday's pickup only: Monday's own pickup and return were told on Friday.
        var monday = Words(LendingJobsBot.CardOf(sent[1]));
        Assert.Contains(await NameAsync(tuesday), monday, StringComparison.Ordinal);
        Assert.DoesNotContain(await NameAsync(pickup), monday, StringComparison.Ordinal);
        Assert.DoesNotContain(await NameAsync(returning), monday, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_ReservationInEnglish_EnglishWordsAndTwoPeopleTwoMessages()
    {
        var (erika, jonas) = (NewColleague(), NewColleague());
        var item = await ItemAsync("VR-Brille", 2);
        await LendingSeed.ReservationAsync(Bot, item, erika, Berlin(2026, 11, 2, 9), Berlin(2026, 11, 10, 12), ReservationStatus.Lent, adjust: r => r.Lang = "en");
        await LentAsync(item, jonas, Berlin(2026, 11, 2, 9), Berlin(2026, 11, 10, 12));

        await Bot.RunAsync<SendLendingReminders>(Thursday, JobPeriodKind.Day);

        Assert.Contains(Word.En("lendingReminders.reminder.title"), Words(LendingJobsBot.CardOf(Assert.Single(await RemindersAsync(erika)))), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingReminders.reminder.title"), Words(LendingJobsBot.CardOf(Assert.Single(await RemindersAsync(jonas)))), StringComparison.Ordinal);
    }
}

/// <summary>
/// A clock the tests set. Unset, it is the real time. The tests of one class run one after another, and each sets
/// the moment it needs. The container's TimeProvider stays the system clock (the scheduler's registration comes
/// after every feature's), so the jobs and the services they use are built with this clock by <see cref="LendingJobsBot"/>.
/// </summary>
public sealed class LabClock : TimeProvider
{
    private long _ticks;

    public void Set(DateTime utc) => Interlocked.Exchange(ref _ticks, DateTime.SpecifyKind(utc, DateTimeKind.Utc).Ticks);

    public override DateTimeOffset GetUtcNow()
    {
        var ticks = Interlocked.Read(ref _ticks);
        return ticks == 0 ? base.GetUtcNow() : new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}

/// <summary>The app with the lending jobs left to the tests (not run by the scheduler) and a clock the tests set.</summary>
public abstract class LendingJobsBot : BotFixture
{
    public LabClock Clock { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Jobs:{SendLendingReminders.Name}:Enabled"] = "false",
        [$"Jobs:{ReleaseNoShows.Name}:Enabled"] = "false",
    };

    /// <summary>Sets the clock to <paramref name="utc"/> and runs the job for the period around it, as the scheduler would.</summary>
    public Task RunAsync<TJob>(DateTime utc, JobPeriodKind kind) where TJob : ILabJob => RunAsync<TJob>(App.Services, utc, kind);

    public async Task RunAsync<TJob>(IServiceProvider services, DateTime utc, JobPeriodKind kind, LendingOptions? options = null) where TJob : ILabJob
    {
        Clock.Set(utc);
        await using var scope = services.CreateAsyncScope();
        await Job<TJob>(scope.ServiceProvider, options)
            .RunAsync(JobPeriod.Containing(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), kind), CancellationToken.None);
    }

    /// <summary>The job as the scheduler resolves it from a scope, but on the test's clock (and, if given, other lending options).</summary>
    public TJob Job<TJob>(IServiceProvider scoped, LendingOptions? options = null) where TJob : ILabJob
    {
        object[] args = typeof(TJob) == typeof(ReleaseNoShows) ? [Watchers(scoped), (TimeProvider)Clock] : [(TimeProvider)Clock];
        if (options is not null) args = [.. args, Options.Create(options)];
        return ActivatorUtilities.CreateInstance<TJob>(scoped, args);
    }

    /// <summary>The scoped <see cref="LendingWatchers"/> on the test's clock.</summary>
    public LendingWatchers Watchers(IServiceProvider scoped) =>
        ActivatorUtilities.CreateInstance<LendingWatchers>(scoped, new Availability(scoped.GetRequiredService<LabDbContext>(), Clock), (TimeProvider)Clock);

    public Task<List<OutboxMessage>> MessagesAsync(string keyPrefix) =>
        WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).OrderBy(m => m.Id).ToListAsync());

    public static JsonObject CardOf(OutboxMessage m) =>
        JsonNode.Parse(m.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();

    /// <summary>The same configuration on the same database, built but not started (its scheduler and dispatcher stay off).</summary>
    public WebApplication BuildSecondInstance()
    {
        var settings = App.Configuration.AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        return LabApp.Build(["--environment=Production", "--urls=http://127.0.0.1:0"], Program.Features, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
    }
}

public sealed class LendingJobsSqliteBot : LendingJobsBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class LendingJobsPostgresBot : LendingJobsBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class ReminderTests_Sqlite(LendingJobsSqliteBot bot) : ReminderTests<LendingJobsSqliteBot>(bot), IClassFixture<LendingJobsSqliteBot>;

public sealed class ReminderTests_Postgres(LendingJobsPostgresBot bot) : ReminderTests<LendingJobsPostgresBot>(bot), IClassFixture<LendingJobsPostgresBot>;
