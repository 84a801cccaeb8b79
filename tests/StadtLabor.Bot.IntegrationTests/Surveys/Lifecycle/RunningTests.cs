using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Lifecycle;
using StadtLabor.Bot.Features.Surveys.Lifecycle.Jobs;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Surveys.Answering;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Surveys.Lifecycle.LifecycleTesting;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Lifecycle;

/// <summary>
/// A running wave on both databases: reminders only to those who have not answered and once per reminder day, people
/// who got the app later invited once, the close (by the night job or early by Ines after asking) deletes the drafts
/// and tells the creator, an extension within the limits, the deletion after asking, stale cards change nothing.
/// </summary>
public abstract class RunningTests<TBot>(TBot fixture) where TBot : SurveysBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private Task<int> DatesAsync(long waveId, DateOnly opens, DateOnly closes) =>
        Bot.WithDbAsync(db => db.SurveyWaves().Where(w => w.Id == waveId)
            .ExecuteUpdateAsync(x => x.SetProperty(w => w.OpensOn, opens).SetProperty(w => w.ClosesOn, closes)));

    private Task<int> DraftAsync(long waveId, Persona p) =>
        Bot.WithDbAsync(async db =>
        {
            db.SurveyDrafts().Add(new SurveyDraft { WaveId = waveId, UserAadObjectId = p.AadObjectId, Answers = "{}", UpdatedAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

    [Fact]
    public async Task Remind_OnTheReminderDay_OnlyThePending_TwiceOnce()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Erinnern"), x => (x.ReminderDays, x.FreeTextToPartner) = ("3,6", true));
        var people = Enumerable.Range(50, 3).Select(Colleague).ToArray();
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, people);
        // Mon 1 Mar 2027 to Fri 12 Mar: day 3 is Thu 4 Mar, day 6 is Sun 7 Mar, kept on Mon 8 Mar.
        await DatesAsync(wave, new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 12));
        await Bot.WithDbAsync(db => db.SurveyPending().Where(p => p.WaveId == wave && p.UserAadObjectId == people[0].AadObjectId).ExecuteDeleteAsync());

        await RunAsync<RemindPending>(Bot, new DateOnly(2027, 3, 3));
        Assert.Empty(await OutboxAsync(Bot, $"surveys.remind:{wave}:"));
        await RunAsync<RemindPending>(Bot, new DateOnly(2027, 3, 4));
        await RunAsync<RemindPending>(Bot, new DateOnly(2027, 3, 4), 15);
        await RunAsync<RemindPending>(Bot, new DateOnly(2027, 3, 5));
        await RunAsync<RemindPending>(Bot, new DateOnly(2027, 3, 8));

        var sent = (await OutboxAsync(Bot, $"surveys.remind:{wave}:")).Select(m => m.DedupeKey).Order().ToList();
        Assert.Equal(new[] { 3, 6 }.SelectMany(d => people[1..].Select(p => RemindPending.Key(wave, d, p.AadObjectId))).Order(), sent);
        var card = CardOf((await OutboxAsync(Bot, RemindPending.Key(wave, 3, people[1].AadObjectId)))[0]);
        Assert.Equal(wave, Assert.Single(Actions(card), a => a["verb"]!.ToString() == "surveys.answer")["data"]!["waveId"]!.GetValue<long>());
        Assert.Contains(Word.De("surveysLifecycle.invitation.freeTextShared", 10), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remind_AnsweredWhileTheReminderWaits_TakenBackNeverDelivered()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Erinnerung weg"), x => (x.ReminderDays, x.FreeTextToPartner) = ("3", true));
        // People of their own: another test's chats for the same people would be their newest 1:1 chats.
        var (erika, max) = (Colleague(64), Colleague(65));
        var chats = new[] { erika, max }.ToDictionary(p => p.AadObjectId, p => "a:remind-" + p.AadObjectId + "-" + Guid.NewGuid().ToString("N")[..6]);
        await OutboxHelpers.SeedPersonalInstallationsAsync(Bot.App.Services, Bot.Connector.ServiceUrl, chats.Select(c => (c.Value, c.Key)));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [erika, max]);
        await DatesAsync(wave, new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 12));
        await RemindWaitingAsync(new DateOnly(2027, 3, 4));
        Assert.Equal(2, (await OutboxAsync(Bot, $"surveys.remind:{wave}:")).Count(m => m.Status == OutboxStatus.Pending));

        // Erika answers before it goes out; her text box says the research partner may get the text.
        var second = await ClickAsync(Bot, erika, "surveys.page", AnswerFlow.Page(wave, 0, "next", AnswerFlow.FirstPage(s)));
        var done = await ClickAsync(Bot, erika, "surveys.submit", AnswerFlow.Submit(wave, 1, AnswerFlow.SecondPage(s)));

        Assert.Equal(Word.De("surveysAnswer.optionalToPartner", "6. " + s.Change.Text), FormCards.Input(second, AnswerFlow.Id(s.Change))["label"]!.GetValue<string>());
        Assert.Contains(Word.De("surveysAnswer.done.stored"), Words(done), StringComparison.Ordinal);
        var left = await OutboxAsync(Bot, $"surveys.remind:{wave}:");
        Assert.Equal([RemindPending.Key(wave, 3, max.AadObjectId)], left.Select(m => m.DedupeKey));
        // Its time comes: Max's goes out, Erika's is not there to go.
        await Bot.WithDbAsync(db => db.OutboxMessages().Where(m => m.DedupeKey.StartsWith($"surveys.remind:{wave}:"))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAtUtc, DateTime.UtcNow)));
        await WaitSentAsync(chats[max.AadObjectId], RemindPending.Key(wave, 3, max.AadObjectId));
        Assert.Single(Bot.Connector.Calls, c => c.Body?.ToJsonString().Contains("Erinnerung weg", StringComparison.Ordinal) == true);
        Assert.Empty(Bot.Connector.CallsFor(chats[erika.AadObjectId]));
    }

    /// <summary>
    /// Waits for the outbox to send one message to a chat. The full run shares this app with many tests and two busy
    /// cores, so it waits up to a minute; when it gives up it says where the row stands (a timeout alone said nothing).
    /// </summary>
    private async Task WaitSentAsync(string chat, string dedupeKey)
    {
        try
        {
            await Bot.Connector.WaitForCallsAsync(chat, 1, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            var row = (await OutboxAsync(Bot, dedupeKey)).SingleOrDefault();
            var pending = await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => m.Status == OutboxStatus.Pending));
            throw new TimeoutException(ex.Message + (row is null ? " The row is gone." :
                $" Row: status {row.Status}, attempts {row.Attempts}, next {row.NextAttemptAtUtc:O}, lease {row.LeaseUntilUtc:O}, " +
                $"claimed by {row.ClaimedBy}, conversation {row.ConversationId}, error {row.LastError}; now {DateTime.UtcNow:O}; {pending} pending in all.") +
                " Last outbox and warning log lines: " + string.Join(" | ", Bot.Logs.Lines.Where(l => !l.Contains(".Migrations:", StringComparison.Ordinal) &&
                    (l.Contains("Outbox", StringComparison.Ordinal) || l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal))).TakeLast(15)), ex);
        }
    }

    /// <summary>
    /// The reminder job of that day, with the outbox writing for tomorrow's clock: the reminders are queued by the job
    /// and wait, as they do for quiet hours or an app install.
    /// </summary>
    private async Task RemindWaitingAsync(DateOnly day)
    {
        var instant = StadtLabor.Jobs.LabTime.StartOfDay(day).AddHours(9);
        var (jobClock, outboxClock) = (new StadtLabor.Bot.IntegrationTests.Lending.LabClock(), new StadtLabor.Bot.IntegrationTests.Lending.LabClock());
        jobClock.Set(instant.UtcDateTime);
        outboxClock.Set(DateTime.UtcNow.AddDays(1));
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var outbox = new OutboxWriter(scope.ServiceProvider.GetRequiredService<StadtLabor.Bot.Data.LabDbContext>(), outboxClock);
        await ActivatorUtilities.CreateInstance<RemindPending>(scope.ServiceProvider, (TimeProvider)jobClock, outbox)
            .RunAsync(StadtLabor.Jobs.JobPeriod.Containing(instant, StadtLabor.Jobs.JobPeriodKind.Day), CancellationToken.None);
    }

    [Fact]
    public async Task LateJoiner_GotTheAppAfterTheStart_InvitedOnceWithASlot()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Alle"));
        var early = Colleague(60);
        var late = Colleague(61);
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [early]);
        await PersonalAsync(Bot, [early, late]);

        await RunAsync<InviteLateJoiners>(Bot, Today, 10);
        await RunAsync<InviteLateJoiners>(Bot, Today, 11);

        var invitees = await InviteesAsync(Bot, wave);
        Assert.Contains(late.AadObjectId, invitees);
        Assert.Single(invitees, i => i == early.AadObjectId);
        Assert.Equal(invitees.Count, await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave)));
        Assert.True(await Bot.WithDbAsync(db => db.SurveyPending().AnyAsync(p => p.WaveId == wave && p.UserAadObjectId == late.AadObjectId)));
        Assert.Single(await OutboxAsync(Bot, WaveInvitations.Key(wave, late.AadObjectId)));
        Assert.Empty(await OutboxAsync(Bot, WaveInvitations.Key(wave, early.AadObjectId)));
    }

    [Fact]
    public async Task CloseJob_LastDayOver_ClosedDraftsGoneCreatorToldOnce()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Abgelaufen"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [Colleague(70), Colleague(71)]);
        await DatesAsync(wave, Today.AddDays(-10), Today.AddDays(-1));
        await DraftAsync(wave, Colleague(70));
        var other = await SurveySeed.WaveAsync(Bot, (await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Läuft noch"))).Id, [Colleague(72)]);

        await RunAsync<CloseDueWaves>(Bot, Today, 0);
        await RunAsync<CloseDueWaves>(Bot, Today, 1);

        var closed = Assert.Single(await WavesAsync(Bot, s.Id));
        Assert.Equal(WaveStatus.Closed, closed.Status);
        Assert.NotNull(closed.ClosedAtUtc);
        Assert.False(await Bot.WithDbAsync(db => db.SurveyDrafts().AnyAsync(d => d.WaveId == wave)));
        Assert.Equal(WaveStatus.Running, await Bot.WithDbAsync(db => db.SurveyWaves().Where(w => w.Id == other).Select(w => w.Status).SingleAsync()));
        var told = Assert.Single(await OutboxAsync(Bot, WaveClosing.Key(wave)));
        Assert.Equal("user:" + Innovation.AadObjectId, told.ConversationKey);
        var card = CardOf(told);
        Assert.Contains(Word.De("surveysLifecycle.notice.closed", (await Bot.WithDbAsync(db => db.Surveys().SingleAsync(x => x.Id == s.Id))).Title), Words(card), StringComparison.Ordinal);
        Assert.Equal(s.Id, Assert.Single(Actions(card), a => a["verb"]!.ToString() == "surveysResults.show")["data"]!["surveyId"]!.GetValue<long>());
    }

    [Fact]
    public async Task CloseEarly_AsksFirst_ThenClosesLikeTheJob_StaleCardChangesNothing()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Früher Schluss"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [Colleague(80), Colleague(81)]);
        await DraftAsync(wave, Colleague(81));
        var manage = await ClickAsync(Bot, Innovation, "surveysLifecycle.manage", Id(s.Id));
        var close = Assert.Single(Actions(manage), a => a["verb"]!.ToString() == "surveysLifecycle.close");
        var version = close["data"]!["version"]!.GetValue<int>();

        var ask = await ClickAsync(Bot, Innovation, "surveysLifecycle.close", Versioned(s.Id, version));
        Assert.Equal(WaveStatus.Running, (await WavesAsync(Bot, s.Id))[0].Status);
        var yes = Assert.Single(Actions(ask), a => a["verb"]!.ToString() == "surveysLifecycle.close");
        Assert.Equal("destructive", yes["style"]!.ToString());
        Assert.Equal("surveysLifecycle.manage", Actions(ask)[0]["verb"]!.ToString());
        var done = await ClickAsync(Bot, Innovation, "surveysLifecycle.close", yes["data"]!.AsObject());
        var stale = await ClickAsync(Bot, Innovation, "surveysLifecycle.extend", new() { ["surveyId"] = s.Id, ["version"] = version, ["closesOn"] = Iso(Today.AddDays(20)) });

        Assert.Equal(WaveStatus.Closed, (await WavesAsync(Bot, s.Id))[0].Status);
        Assert.False(await Bot.WithDbAsync(db => db.SurveyDrafts().AnyAsync(d => d.WaveId == wave)));
        Assert.Single(await OutboxAsync(Bot, WaveClosing.Key(wave)));
        Assert.Contains("surveysResults.show", Verbs(done));
        Assert.Contains("surveysLifecycle.newWave", Verbs(done));
        Assert.Contains(Word.De("surveysLifecycle.manage.fewerThan", 5), Words(done), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.notice.stale"), Words(stale), StringComparison.Ordinal);
        Assert.Equal(Today.AddDays(13), (await WavesAsync(Bot, s.Id))[0].ClosesOn);
    }

    [Fact]
    public async Task Extend_LaterWithinNinetyDays_Saved_EarlierOrTooFarRefused()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Länger"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [Colleague(90)]);
        var opens = Today.AddDays(-1);

        var earlier = await ClickAsync(Bot, Innovation, "surveysLifecycle.extend",
            new() { ["surveyId"] = s.Id, ["version"] = await VersionAsync(Bot, s.Id), ["closesOn"] = Iso(Today.AddDays(5)) });
        var tooFar = await ClickAsync(Bot, Innovation, "surveysLifecycle.extend",
            new() { ["surveyId"] = s.Id, ["version"] = await VersionAsync(Bot, s.Id), ["closesOn"] = Iso(opens.AddDays(WavePlanRules.MaxDays + 1)) });
        Assert.Equal(Today.AddDays(13), (await WavesAsync(Bot, s.Id))[0].ClosesOn);
        var ok = await ClickAsync(Bot, Innovation, "surveysLifecycle.extend",
            new() { ["surveyId"] = s.Id, ["version"] = await VersionAsync(Bot, s.Id), ["closesOn"] = Iso(opens.AddDays(WavePlanRules.MaxDays)) });

        Assert.Contains(Word.De("surveysLifecycle.error.extendNotLater", StadtLabor.Bot.Cards.Wording.Day("de", Today.AddDays(13))), Words(earlier), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.error.extendTooLong", WavePlanRules.MaxDays, StadtLabor.Bot.Cards.Wording.Day("de", opens)), Words(tooFar), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.notice.extended", StadtLabor.Bot.Cards.Wording.Day("de", opens.AddDays(WavePlanRules.MaxDays))), Words(ok), StringComparison.Ordinal);
        Assert.Equal(opens.AddDays(WavePlanRules.MaxDays), (await WavesAsync(Bot, s.Id))[0].ClosesOn);
        Assert.Equal(WaveStatus.Running, (await WavesAsync(Bot, s.Id))[0].Status);
    }

    [Fact]
    public async Task Delete_AsksNamingTheAnswers_ThenEverythingGone()
    {
        var title = SurveySeed.Unique("Weg damit");
        var s = await SurveySeed.SurveyAsync(Bot, title);
        var first = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed);
        await SurveySeed.AnswersAsync(Bot, first, 6, i => SurveySeed.Answer(s, 0, 1, 1, 3, 5));
        var second = await SurveySeed.WaveAsync(Bot, s.Id, [Colleague(95)], number: 2);
        var version = await VersionAsync(Bot, s.Id);

        var ask = await ClickAsync(Bot, Innovation, "surveysLifecycle.delete", Versioned(s.Id, version));
        Assert.Contains(Word.De("surveysLifecycle.confirm.deleteText", 6, 2, "Welle 1: 6; Welle 2: weniger als 5"), Words(ask), StringComparison.Ordinal);
        Assert.Equal(2, (await WavesAsync(Bot, s.Id)).Count);
        var stale = await ClickAsync(Bot, Innovation, "surveysLifecycle.delete", Versioned(s.Id, version - 1, confirmed: true));
        Assert.Contains(Word.De("surveysLifecycle.notice.stale"), Words(stale), StringComparison.Ordinal);
        var yes = Assert.Single(Actions(ask), a => a["verb"]!.ToString() == "surveysLifecycle.delete");
        var done = await ClickAsync(Bot, Innovation, "surveysLifecycle.delete", yes["data"]!.AsObject());

        Assert.Contains(Word.De("surveysLifecycle.notice.deleted", title), Words(done), StringComparison.Ordinal);
        Assert.False(await Bot.WithDbAsync(db => db.Surveys().AnyAsync(x => x.Id == s.Id)));
        Assert.Empty(await WavesAsync(Bot, s.Id));
        Assert.False(await Bot.WithDbAsync(db => db.SurveyQuestions().AnyAsync(q => q.SurveyId == s.Id)));
        Assert.False(await Bot.WithDbAsync(db => db.SurveyResponses().AnyAsync(r => r.WaveId == first || r.WaveId == second)));
        Assert.False(await Bot.WithDbAsync(db => db.SurveyValues().AnyAsync(v => v.WaveId == first || v.WaveId == second)));
        Assert.False(await Bot.WithDbAsync(db => db.SurveyInvitees().AnyAsync(i => i.WaveId == second)));
        Assert.False(await Bot.WithDbAsync(db => db.SurveyPending().AnyAsync(p => p.WaveId == second)));
        var gone = await ClickAsync(Bot, Innovation, "surveysLifecycle.manage", Id(s.Id));
        Assert.Contains(Word.De("surveysLifecycle.error.noSurvey"), Words(gone), StringComparison.Ordinal);
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class RunningTests_Sqlite(SqliteSurveysBot bot) : RunningTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class RunningTests_Postgres(PostgresSurveysBot bot) : RunningTests<PostgresSurveysBot>(bot);
