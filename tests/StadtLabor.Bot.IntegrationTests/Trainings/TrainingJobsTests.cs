using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;
using StadtLabor.Bot.Features.Trainings.Feedback;
using StadtLabor.Bot.Features.Trainings.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// The training jobs (offer expiry, reminders, feedback requests), the feedback answer and its results, and the
/// retention of training data, on SQLite and PostgreSQL. The jobs are switched off in the scheduler here and run
/// directly (resolved from a scope like the scheduler does), so each test decides when a run happens.
/// </summary>
public abstract class TrainingJobsTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static int _next = 9100;

    /// <summary>Fresh people per test: the fixture's database is shared by the tests of a class.</summary>
    private static Persona NewColleague() => Colleague(Interlocked.Increment(ref _next));

    private async Task RunAsync<TJob>() where TJob : ILabJob
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TJob>()
            .RunAsync(JobPeriod.Containing(DateTimeOffset.UtcNow, JobPeriodKind.Minute), CancellationToken.None);
    }

    private Task<Registration> AddAsync(long sessionId, Persona p, Action<Registration>? adjust = null) =>
        Bot.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var r = new Registration
            {
                SessionId = sessionId,
                UserAadObjectId = p.AadObjectId,
                UserName = p.Name,
                TenantId = BotFixture.TenantId,
                Lang = "de",
                Status = RegistrationStatus.Booked,
                BookedAtUtc = now.AddDays(-3),
                CreatedAtUtc = now.AddDays(-3),
                UpdatedAtUtc = now.AddDays(-3),
            };
            adjust?.Invoke(r);
            db.TrainingRegistrations().Add(r);
            await db.SaveChangesAsync();
            return r;
        });

    private Task<List<OutboxMessage>> MessagesAsync(string keyPrefix) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).OrderBy(m => m.Id).ToListAsync());

    private static string ReminderPrefix(Registration r) => $"trainings.reminder:{r.Id}:";

    private static JsonObject CardOf(OutboxMessage m) =>
        JsonNode.Parse(m.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();

    private Task<int> AdjustSessionAsync(long sessionId, Action<TrainingSession> change) =>
        Bot.WithDbAsync(async db =>
        {
            var s = await db.TrainingSessions().SingleAsync(x => x.Id == sessionId);
            change(s);
            return await db.SaveChangesAsync();
        });

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data);

    // ---------- reminders ----------

    [Fact]
    public async Task Reminder_JobRunsTwice_OneCardForTheDueLead()
    {
        var id = await SessionAsync(Bot, capacity: 5, startsIn: TimeSpan.FromHours(23), title: "Erinnerung im Test");
        var anna = await AddAsync(id, NewColleague());

        await RunAsync<SendReminders>();
        await RunAsync<SendReminders>();

        var sent = await MessagesAsync(ReminderPrefix(anna));
        var reminder = Assert.Single(sent);
        Assert.Equal(SendReminders.Key(anna, 24, 0), reminder.DedupeKey);
        Assert.Equal(anna.UserAadObjectId, reminder.UserAadObjectId);
        var card = CardOf(reminder);
        Assert.Contains(Word.De("trainingsNotices.reminder.title"), Words(card), StringComparison.Ordinal);
        Assert.Contains("Erinnerung im Test", Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainingsNotices.reminder.startsIn", Word.De("time.hour.other", 24)), Words(card), StringComparison.Ordinal);
        Assert.Contains("trainings.detail", Verbs(card));
        Assert.Contains("menu.show", Verbs(card));
    }

    [Fact]
    public async Task Reminder_BothLeadsDue_OnlyTheNearestOnce()
    {
        var id = await SessionAsync(Bot, capacity: 5, startsIn: TimeSpan.FromMinutes(30));
        var anna = await AddAsync(id, NewColleague());

        await RunAsync<SendReminders>();
        await RunAsync<SendReminders>();

        var reminder = Assert.Single(await MessagesAsync(ReminderPrefix(anna)));
        Assert.Equal(SendReminders.Key(anna, 1, 0), reminder.DedupeKey);
        Assert.Contains(Word.De("trainingsNotices.reminder.startsIn", Word.De("time.hour.one", 1)), Words(CardOf(reminder)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_BookedAfterTheDueInstant_NoTomorrowReminder()
    {
        var id = await SessionAsync(Bot, capacity: 5, startsIn: TimeSpan.FromHours(3));
        var late = await AddAsync(id, NewColleague(), r => r.BookedAtUtc = DateTime.UtcNow.AddMinutes(-5));

        await RunAsync<SendReminders>();

        Assert.Empty(await MessagesAsync(ReminderPrefix(late)));
    }

    [Fact]
    public async Task Reminder_CancelledSignUpWaitlistOrCancelledSession_NoCard()
    {
        var id = await SessionAsync(Bot, capacity: 5, startsIn: TimeSpan.FromHours(20));
        var cancelled = await AddAsync(id, NewColleague(), r => r.Status = RegistrationStatus.Cancelled);
        var waiting = await AddAsync(id, NewColleague(), r => { r.Status = RegistrationStatus.Waitlisted; r.BookedAtUtc = null; });
        var gone = await SessionAsync(Bot, capacity: 5, startsIn: TimeSpan.FromHours(20), adjust: s => s.Status = SessionStatus.Cancelled);
        var bookedForGone = await AddAsync(gone, NewColleague());

        await RunAsync<SendReminders>();

        Assert.Empty(await MessagesAsync(ReminderPrefix(cancelled)));
        Assert.Empty(await MessagesAsync(ReminderPrefix(waiting)));
        Assert.Empty(await MessagesAsync(ReminderPrefix(bookedForGone)));
    }

    [Fact]
    public async Task Reminder_SessionMoved_RemindsForTheNewTimeOnly()
    {
        var id = await SessionAsync(Bot, capacity: 5, startsIn: TimeSpan.FromHours(23), title: "Verschoben");
        var anna = await AddAsync(id, NewColleague());
        await RunAsync<SendReminders>();
        Assert.Equal([SendReminders.Key(anna, 24, 0)], (await MessagesAsync(ReminderPrefix(anna))).Select(m => m.DedupeKey));

        // Moved to next week: nothing is due for the new time yet, and the old reminder is not repeated.
        await AdjustSessionAsync(id, s => { s.StartsAtUtc = DateTime.UtcNow.AddDays(7); s.EndsAtUtc = s.StartsAtUtc.AddHours(2); s.ScheduleVersion = 1; });
        await RunAsync<SendReminders>();
        Assert.Single(await MessagesAsync(ReminderPrefix(anna)));

        // Moved again, to tomorrow: a reminder for the new time, with the new time on it.
        var newStart = DateTime.UtcNow.AddHours(22);
        await AdjustSessionAsync(id, s => { s.StartsAtUtc = newStart; s.EndsAtUtc = newStart.AddHours(2); s.ScheduleVersion = 2; });
        await RunAsync<SendReminders>();
        await RunAsync<SendReminders>();

        var sent = await MessagesAsync(ReminderPrefix(anna));
        Assert.Equal([SendReminders.Key(anna, 24, 0), SendReminders.Key(anna, 24, 2)], sent.Select(m => m.DedupeKey));
        Assert.Contains(TrainingTime.Span("de", newStart, newStart.AddHours(2)), Words(CardOf(sent[^1])), StringComparison.Ordinal);
    }

    // ---------- offer expiry ----------

    [Fact]
    public async Task OfferExpiry_OfferRanOut_OldCardUpdatedAndSeatOfferedToTheNext()
    {
        var id = await SessionAsync(Bot, capacity: 2, startsIn: TimeSpan.FromDays(2));
        await AddAsync(id, NewColleague());
        var ben = await AddAsync(id, NewColleague(), r =>
        {
            r.Status = RegistrationStatus.Offered;
            r.WaitlistSeq = 1;
            r.OfferCount = 1;
            r.OfferExpiresAtUtc = DateTime.UtcNow.AddMinutes(-1);
            r.BookedAtUtc = null;
        });
        var carla = await AddAsync(id, NewColleague(), r => { r.Status = RegistrationStatus.Waitlisted; r.WaitlistSeq = 2; r.BookedAtUtc = null; });
        await OutboxHelpers.EnqueueAsync(Bot.App.Services, w =>
            w.ToUserAsync(Waitlist.OfferKey(ben), ben.TenantId, ben.UserAadObjectId, Activity.Message("Angebot"), CancellationToken.None));

        await RunAsync<ExpireOffers>();
        await RunAsync<ExpireOffers>();

        var people = await RegistrationsAsync(Bot, id);
        Assert.Equal(RegistrationStatus.OfferExpired, people.Single(r => r.Id == ben.Id).Status);
        var next = people.Single(r => r.Id == carla.Id);
        Assert.Equal(RegistrationStatus.Offered, next.Status);
        Assert.True(next.OfferExpiresAtUtc > DateTime.UtcNow);

        var update = Assert.Single(await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking()
            .Where(m => m.UpdatesDedupeKey == Waitlist.OfferKey(ben)).ToListAsync()));
        Assert.Contains(Word.De("trainings.offer.expiredTitle"), Words(CardOf(update)), StringComparison.Ordinal);
        var offer = Assert.Single(await MessagesAsync(Waitlist.OfferKey(next)));
        Assert.Contains("trainings.accept", Verbs(CardOf(offer)));
    }

    [Fact]
    public async Task OfferExpiry_OfferStillValid_Untouched()
    {
        var id = await SessionAsync(Bot, capacity: 1, startsIn: TimeSpan.FromDays(2));
        var ben = await AddAsync(id, NewColleague(), r =>
        {
            r.Status = RegistrationStatus.Offered;
            r.WaitlistSeq = 1;
            r.OfferCount = 1;
            r.OfferExpiresAtUtc = DateTime.UtcNow.AddHours(5);
        });

        await RunAsync<ExpireOffers>();

        Assert.Equal(RegistrationStatus.Offered, (await RegistrationsAsync(Bot, id)).Single(r => r.Id == ben.Id).Status);
    }

    // ---------- feedback ----------

    private async Task<long> EndedSessionAsync(TimeSpan endedAgo, string title = "Feedback im Test") =>
        await SessionAsync(Bot, capacity: 10, startsIn: -endedAgo - TimeSpan.FromHours(2), title: title);

    [Fact]
    public async Task FeedbackJob_RunsTwice_OneCardToThosePresentOnly()
    {
        var id = await EndedSessionAsync(TimeSpan.FromHours(20));
        var present = await AddAsync(id, NewColleague(), r => r.Attendance = Attendance.Present);
        var noShow = await AddAsync(id, NewColleague(), r => r.Attendance = Attendance.NoShow);
        var unknown = await AddAsync(id, NewColleague());
        var longAgo = await EndedSessionAsync(TimeSpan.FromDays(10));
        var presentLongAgo = await AddAsync(longAgo, NewColleague(), r => r.Attendance = Attendance.Present);

        await RunAsync<RequestFeedback>();
        await RunAsync<RequestFeedback>();

        var card = Assert.Single(await MessagesAsync(RequestFeedback.Key(present)));
        Assert.Contains("trainings.feedback", Verbs(CardOf(card)));
        Assert.Contains(Word.De("trainingsNotices.feedback.title", "Feedback im Test"), Words(CardOf(card)), StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync(RequestFeedback.Key(noShow)));
        Assert.Empty(await MessagesAsync(RequestFeedback.Key(unknown)));
        Assert.Empty(await MessagesAsync(RequestFeedback.Key(presentLongAgo)));
        var rows = await RegistrationsAsync(Bot, id);
        Assert.NotNull(rows.Single(r => r.Id == present.Id).FeedbackRequestedAtUtc);
        Assert.Null(rows.Single(r => r.Id == noShow.Id).FeedbackRequestedAtUtc);
    }

    /// <summary>
    /// A restart is a new process with nothing in memory: the jobs' whole state is in the database. While the app
    /// was down an offer ran out, a reminder fell due and a session ended; the first runs after the restart (a new
    /// service provider on the same database) catch up, and later runs, in either process, repeat nothing.
    /// </summary>
    [Fact]
    public async Task Jobs_AfterARestart_CatchUpOnceAndRepeatNothing()
    {
        var remindId = await SessionAsync(Bot, capacity: 3, startsIn: TimeSpan.FromHours(23.5));
        var reminded = await AddAsync(remindId, NewColleague());
        var offerId = await SessionAsync(Bot, capacity: 1);
        var ranOut = await AddAsync(offerId, NewColleague(), r =>
        {
            r.Status = RegistrationStatus.Offered;
            r.OfferCount = 1;
            r.OfferExpiresAtUtc = DateTime.UtcNow.AddHours(-1);
        });
        var next = await AddAsync(offerId, NewColleague(), r =>
        {
            r.Status = RegistrationStatus.Waitlisted;
            r.WaitlistSeq = 1;
        });
        var endedId = await EndedSessionAsync(TimeSpan.FromHours(1));
        var present = await AddAsync(endedId, NewColleague(), r => r.Attendance = Attendance.Present);

        await using (var restarted = BuildSecondInstance())
        {
            await RunAllAsync(restarted.Services);
            await RunAllAsync(restarted.Services);
        }
        await RunAllAsync(Bot.App.Services);

        Assert.Single(await MessagesAsync(ReminderPrefix(reminded)));
        Assert.Single(await MessagesAsync(RequestFeedback.Key(present)));
        var rows = await RegistrationsAsync(Bot, offerId);
        Assert.Equal(RegistrationStatus.OfferExpired, rows.Single(r => r.Id == ranOut.Id).Status);
        Assert.Equal(RegistrationStatus.Offered, rows.Single(r => r.Id == next.Id).Status);
        Assert.Single(await MessagesAsync($"trainings.offer:{next.Id}:"));
    }

    /// <summary>The same configuration on the same database, built but not started (its scheduler and dispatcher stay off).</summary>
    private WebApplication BuildSecondInstance()
    {
        var settings = Bot.App.Configuration.AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        return StadtLabor.Bot.Hosting.LabApp.Build(["--environment=Production", "--urls=http://127.0.0.1:0"], Program.Features, builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
    }

    private static async Task RunAllAsync(IServiceProvider services)
    {
        var period = JobPeriod.Containing(DateTimeOffset.UtcNow, JobPeriodKind.Minute);
        foreach (var job in new[] { typeof(ExpireOffers), typeof(SendReminders), typeof(RequestFeedback) })
        {
            await using var scope = services.CreateAsyncScope();
            await ((ILabJob)scope.ServiceProvider.GetRequiredService(job)).RunAsync(period, CancellationToken.None);
        }
    }

    private Task<List<TrainingFeedback>> FeedbackAsync(long sessionId) =>
        Bot.WithDbAsync(db => db.TrainingFeedback().AsNoTracking().Where(f => f.SessionId == sessionId).ToListAsync());

    private static JsonObject Answer(long sessionId, string rating, string comment = "") =>
        new() { ["sessionId"] = sessionId, ["rating"] = rating, ["comment"] = comment };

    [Fact]
    public async Task Feedback_Submit_StoredWithoutThePersonAndWithTheDayOnly()
    {
        var id = await EndedSessionAsync(TimeSpan.FromHours(5));
        var p = NewColleague();
        await AddAsync(id, p, r => r.Attendance = Attendance.Present);

        var card = await ClickAsync(p, "trainings.feedback", Answer(id, "4", "Gut erklärt"));

        Assert.Contains(Word.De("trainingsNotices.feedbackDone.thanks.title", "Feedback im Test"), Words(card), StringComparison.Ordinal);
        var stored = Assert.Single(await FeedbackAsync(id));
        Assert.Equal(4, stored.Rating);
        Assert.Equal("Gut erklärt", stored.Comment);
        Assert.Equal(LabTime.BerlinDate(DateTimeOffset.UtcNow), stored.SubmittedOn);
        // No column could point back to the person: only these are stored.
        var columns = await Bot.WithDbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(TrainingFeedback))!
            .GetProperties().Select(x => x.Name).Order(StringComparer.Ordinal).ToList()));
        Assert.Equal(["Comment", "Id", "Rating", "SessionId", "SubmittedOn"], columns);
        var mine = (await RegistrationsAsync(Bot, id)).Single(r => r.UserAadObjectId == p.AadObjectId);
        Assert.True(mine.FeedbackGiven);
    }

    [Fact]
    public async Task Feedback_TwoClicksAtOnce_OneAnswer()
    {
        var id = await EndedSessionAsync(TimeSpan.FromHours(5));
        var p = NewColleague();
        await AddAsync(id, p, r => r.Attendance = Attendance.Present);

        var cards = await Task.WhenAll(ClickAsync(p, "trainings.feedback", Answer(id, "5")), ClickAsync(p, "trainings.feedback", Answer(id, "5")));
        var again = await ClickAsync(p, "trainings.feedback", Answer(id, "3"));

        Assert.Single(await FeedbackAsync(id));
        Assert.Single(cards, c => Words(c).Contains(Word.De("trainingsNotices.feedbackDone.thanks.title", "Feedback im Test"), StringComparison.Ordinal));
        Assert.Contains(Word.De("trainingsNotices.feedbackDone.already.title", "Feedback im Test"), Words(again), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7", "", "trainingsNotices.feedback.chooseRating")]
    [InlineData("0", "", "trainingsNotices.feedback.chooseRating")]
    [InlineData("", "", "trainingsNotices.feedback.chooseRating")]
    [InlineData("gut", "", "trainingsNotices.feedback.chooseRating")]
    [InlineData("4", "long", "trainingsNotices.feedback.commentTooLong")]
    public async Task Feedback_BadInput_RefusedWithReasonNothingStored(string rating, string comment, string reasonKey)
    {
        var id = await EndedSessionAsync(TimeSpan.FromHours(5));
        var p = NewColleague();
        await AddAsync(id, p, r => r.Attendance = Attendance.Present);

        var card = await ClickAsync(p, "trainings.feedback", Answer(id, rating, comment == "long" ? new string('x', 1001) : comment));

        // The limit and the length fill commentTooLong's {0} and {1}; a word without placeholders ignores them.
        var reason = Word.De(reasonKey, TrainingLimits.Comment, 1001);
        var field = reasonKey.EndsWith("commentTooLong", StringComparison.Ordinal) ? "comment" : "rating";
        Assert.Equal(reason, FormCards.MessageUnder(card, field));
        Assert.Contains(reason, FormCards.Summary(card));
        Assert.Equal(comment == "long" ? new string('x', 1001) : comment, FormCards.Input(card, "comment")["value"]?.GetValue<string>());
        Assert.Contains("trainings.feedback", Verbs(card));
        Assert.Empty(await FeedbackAsync(id));
        Assert.False((await RegistrationsAsync(Bot, id)).Single(r => r.UserAadObjectId == p.AadObjectId).FeedbackGiven);
    }

    [Fact]
    public async Task Feedback_NotPresentOrNotSignedUp_NotPossibleNothingStored()
    {
        var id = await EndedSessionAsync(TimeSpan.FromHours(5));
        var noShow = NewColleague();
        await AddAsync(id, noShow, r => r.Attendance = Attendance.NoShow);

        var card = await ClickAsync(noShow, "trainings.feedback", Answer(id, "5"));
        var stranger = await ClickAsync(NewColleague(), "trainings.feedback", Answer(id, "5"));

        Assert.Contains(Word.De("trainingsNotices.feedbackDone.notPossible.title", "Feedback im Test"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainingsNotices.feedbackDone.notPossible.title", "Feedback im Test"), Words(stranger), StringComparison.Ordinal);
        Assert.Empty(await FeedbackAsync(id));
    }

    [Fact]
    public async Task FeedbackResults_BelowK_NoNumber_AtK_FiguresButNoFewComments()
    {
        var tool = "Padlet-" + Guid.NewGuid().ToString("N")[..6];
        var id = await SessionAsync(Bot, capacity: 10, startsIn: TimeSpan.FromDays(-2), tool: tool);
        var toolId = await ToolAsync(Bot, tool);
        await Bot.WithDbAsync(async db =>
        {
            foreach (var (rating, comment) in new[] { (5, "Sehr anschaulich"), (4, ""), (4, "Mehr Pausen bitte"), (2, "") })
                db.TrainingFeedback().Add(new TrainingFeedback { SessionId = id, Rating = rating, Comment = comment, SubmittedOn = new DateOnly(2026, 11, 20) });
            return await db.SaveChangesAsync();
        });

        var hidden = await ClickAsync(LabTeam, "trainings.feedbackResults", Session(id));
        var hiddenByTool = await ClickAsync(LabTeam, "trainings.feedbackResults", new JsonObject { ["toolId"] = toolId });

        Assert.Contains(Word.De("trainingsNotices.results.tooFew", 5), Words(hidden), StringComparison.Ordinal);
        Assert.Contains(Word.De("trainingsNotices.results.toolTooFew", 5), Words(hiddenByTool), StringComparison.Ordinal);
        foreach (var card in new[] { hidden, hiddenByTool })
        {
            Assert.DoesNotContain(Word.De("trainingsNotices.results.average"), Words(card), StringComparison.Ordinal);
            Assert.DoesNotContain("von 5", Words(card), StringComparison.Ordinal);
            Assert.DoesNotContain("Sehr anschaulich", Words(card), StringComparison.Ordinal);
        }

        var p = NewColleague();
        await AddAsync(id, p, r => r.Attendance = Attendance.Present);
        await ClickAsync(p, "trainings.feedback", Answer(id, "4"));
        var shown = await ClickAsync(LabTeam, "trainings.feedbackResults", Session(id));

        var words = Words(shown);
        Assert.DoesNotMatch(Word.DePattern("trainingsNotices.results.tooFew"), words);
        Assert.Contains(Word.De("trainingsNotices.results.average"), words, StringComparison.Ordinal);
        Assert.Contains("3,8", words, StringComparison.Ordinal);
        // Two comments are far below the free-text threshold.
        Assert.Contains(Word.De("trainingsNotices.results.commentsTooFew", 10), words, StringComparison.Ordinal);
        Assert.DoesNotContain("Sehr anschaulich", words, StringComparison.Ordinal);
        Assert.DoesNotContain("Mehr Pausen bitte", words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedbackResults_Staff_Denied()
    {
        var card = await ClickAsync(NewColleague(), "trainings.feedbackResults", Session(1));

        Assert.Contains(Word.De("denied.title"), Words(card), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("trainingsNotices.results.title"), Words(card), StringComparison.Ordinal);
    }

    // ---------- retention ----------

    private async Task<int> PurgeAsync<TPolicy>(int days) where TPolicy : IRetentionPolicy
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var policy = scope.ServiceProvider.GetServices<IRetentionPolicy>().OfType<TPolicy>().Single();
        return await policy.PurgeAsync(DateTime.UtcNow.AddDays(-days), CancellationToken.None);
    }

    [Fact]
    public async Task Retention_Registrations_OnlyOfSessionsEndedBeforeTheCutoff()
    {
        var old = await EndedSessionAsync(TimeSpan.FromDays(400));
        var recent = await EndedSessionAsync(TimeSpan.FromDays(300));
        await AddAsync(old, NewColleague());
        await AddAsync(recent, NewColleague());

        Assert.True(await PurgeAsync<PurgeTrainingRegistrations>(365) >= 1);

        Assert.Empty(await RegistrationsAsync(Bot, old));
        Assert.Single(await RegistrationsAsync(Bot, recent));
        Assert.Equal(0, await PurgeAsync<PurgeTrainingRegistrations>(365));
    }

    [Fact]
    public async Task Retention_FeedbackComments_OnlyOldCommentsClearedRatingsKept()
    {
        var id = await EndedSessionAsync(TimeSpan.FromDays(900));
        var today = LabTime.BerlinDate(DateTimeOffset.UtcNow);
        await Bot.WithDbAsync(async db =>
        {
            db.TrainingFeedback().Add(new TrainingFeedback { SessionId = id, Rating = 2, Comment = "alt", SubmittedOn = today.AddDays(-800) });
            db.TrainingFeedback().Add(new TrainingFeedback { SessionId = id, Rating = 5, Comment = "neu", SubmittedOn = today.AddDays(-100) });
            return await db.SaveChangesAsync();
        });

        await PurgeAsync<PurgeTrainingFeedbackComments>(730);

        var rows = (await FeedbackAsync(id)).OrderBy(f => f.Rating).ToList();
        Assert.Equal([(2, ""), (5, "neu")], rows.Select(f => (f.Rating, f.Comment)));
    }

    [Fact]
    public async Task Retention_NotifiedInterests_OnlyThoseNotifiedBeforeTheCutoff()
    {
        var toolId = await ToolAsync(Bot, "Retention-" + Guid.NewGuid().ToString("N")[..6]);
        var (longAgo, lately, never) = (NewColleague(), NewColleague(), NewColleague());
        await Bot.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.TrainingInterests().Add(new TrainingInterest { ToolId = toolId, UserAadObjectId = longAgo.AadObjectId, CreatedAtUtc = now.AddDays(-200), NotifiedAtUtc = now.AddDays(-100) });
            db.TrainingInterests().Add(new TrainingInterest { ToolId = toolId, UserAadObjectId = lately.AadObjectId, CreatedAtUtc = now.AddDays(-200), NotifiedAtUtc = now.AddDays(-10) });
            db.TrainingInterests().Add(new TrainingInterest { ToolId = toolId, UserAadObjectId = never.AadObjectId, CreatedAtUtc = now.AddDays(-200) });
            return await db.SaveChangesAsync();
        });

        await PurgeAsync<PurgeNotifiedTrainingInterests>(90);

        var left = await Bot.WithDbAsync(db => db.TrainingInterests().Where(i => i.ToolId == toolId).Select(i => i.UserAadObjectId).ToListAsync());
        Assert.Equal([lately.AadObjectId, never.AadObjectId], left.Order(StringComparer.Ordinal));
    }
}

/// <summary>The app with a lab-team member and the training jobs left to the tests (not run by the scheduler).</summary>
public abstract class TrainingJobsBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = LabTeam.AadObjectId,
        [$"Jobs:{SendReminders.Name}:Enabled"] = "false",
        [$"Jobs:{ExpireOffers.Name}:Enabled"] = "false",
        [$"Jobs:{RequestFeedback.Name}:Enabled"] = "false",
    };
}

public sealed class TrainingJobsSqliteBot : TrainingJobsBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class TrainingJobsPostgresBot : TrainingJobsBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class TrainingJobsTests_Sqlite(TrainingJobsSqliteBot bot) : TrainingJobsTests<TrainingJobsSqliteBot>(bot), IClassFixture<TrainingJobsSqliteBot>;

public sealed class TrainingJobsTests_Postgres(TrainingJobsPostgresBot bot) : TrainingJobsTests<TrainingJobsPostgresBot>(bot), IClassFixture<TrainingJobsPostgresBot>;
