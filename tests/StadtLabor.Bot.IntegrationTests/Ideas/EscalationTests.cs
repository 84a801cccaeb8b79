using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Jobs;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Lending;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// The escalation of a missing first answer on SQLite and PostgreSQL, run as the scheduler would on fixed working
/// days of a test clock: the idea of Mon 2 Nov 2026 is due Mon 9 Nov; Tue 10 the assigned Lotse hears of it, Wed 11
/// the Lotsen channel, Thu 12 Ines of the innovation department; one step per idea and day, never twice.
/// </summary>
public abstract class EscalationTests<TBot>(TBot fixture) where TBot : IdeasReportBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private readonly LabClock _clock = new();

    private static DateTime Berlin(int d, int h = 8, int m = 11) => TrainingTime.ToUtc(new DateTime(2026, m, d, h, 0, 0));

    private static readonly DateTime Submitted = Berlin(2, 10);

    private async Task RunAsync(DateTime utc, IdeasOptions? options = null)
    {
        _clock.Set(utc);
        await using var scope = Bot.App.Services.CreateAsyncScope();
        object[] args = options is null ? [(TimeProvider)_clock] : [(TimeProvider)_clock, Options.Create(options)];
        await ActivatorUtilities.CreateInstance<EscalateIdeas>(scope.ServiceProvider, args)
            .RunAsync(JobPeriod.Containing(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), JobPeriodKind.Day), CancellationToken.None);
    }

    private async Task<long> IdeaAsync(Persona author, bool assigned = true, bool anonymous = false, Action<Idea>? adjust = null)
    {
        return await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Akten digital weitergeben"), author, anonymous: anonymous, adjust: i =>
        {
            i.SubmittedAtUtc = Submitted;
            i.FirstResponseDueOn = IdeaDeadline.DueOn(Submitted, 5);
            if (assigned)
            {
                i.AssignedAadObjectId = Lotse.AadObjectId;
                i.AssignedName = Lotse.Name;
            }
            adjust?.Invoke(i);
        });
    }

    private Task<List<OutboxMessage>> MessagesAsync(long ideaId) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith($"ideas.escalate:{ideaId}:")).OrderBy(m => m.Id).ToListAsync());

    private static JsonObject CardOf(OutboxMessage m) => LendingJobsBot.CardOf(m);

    [Fact]
    public async Task Escalation_UnansweredOverFourDays_LotseThenChannelThenInnovationThenNothing()
    {
        await Bot.ClearAsync();
        await IdeaSeed.ChannelAsync(Bot);
        var id = await IdeaAsync(Erika);
        var version = (await IdeaSeed.LoadAsync(Bot, id)).Version;

        await RunAsync(Berlin(9));
        Assert.Empty(await MessagesAsync(id));
        await RunAsync(Berlin(10));
        var tuesday = Assert.Single(await MessagesAsync(id));
        await RunAsync(Berlin(11));
        await RunAsync(Berlin(12));
        await RunAsync(Berlin(13));

        var sent = await MessagesAsync(id);
        Assert.Equal([EscalateIdeas.Key(id, 1), EscalateIdeas.Key(id, 2), EscalateIdeas.Key(id, 3, Innovation.AadObjectId)], sent.Select(m => m.DedupeKey));
        Assert.Equal(EscalateIdeas.Key(id, 1), tuesday.DedupeKey);
        Assert.Equal("user:" + Lotse.AadObjectId, sent[0].ConversationKey);
        Assert.Equal(IdeaSeed.LotsenChannel, sent[1].ConversationId);
        Assert.Equal("user:" + Innovation.AadObjectId, sent[2].ConversationKey);
        var idea = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal(3, idea.EscalationLevel);
        // Not under the IdeaLock: a Lotse's open card of the idea stays valid.
        Assert.Equal(version, idea.Version);
        var escalations = (await IdeaSeed.EventsAsync(Bot, id)).Where(e => e.Kind == IdeaEventKind.Escalated).ToList();
        Assert.Equal(3, escalations.Count);
        Assert.All(escalations, e => Assert.False(e.Public));

        var card = CardOf(sent[0]);
        Assert.Contains(Word.De("ideasReport.escalation.heading1"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasReport.escalation.title", id, idea.Title), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasReport.workingDays.one", 1), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasReport.workingDays.other", 3), Words(CardOf(sent[2])), StringComparison.Ordinal);
        var open = Assert.Single(Actions(card));
        Assert.Equal("ideasTriage.show", open["verb"]!.ToString());
        Assert.Equal(id, open["data"]!["ideaId"]!.GetValue<long>());
        Assert.Equal(Word.De("ideasReport.escalation.open", id), open["title"]!.ToString());
    }

    [Fact]
    public async Task Escalation_RunTwiceTheSameDay_OneStepOnce()
    {
        await Bot.ClearAsync();
        var id = await IdeaAsync(Erika);

        await RunAsync(Berlin(10));
        await RunAsync(Berlin(10, 14));
        await RunAsync(Berlin(10, 23));

        Assert.Equal([EscalateIdeas.Key(id, 1)], (await MessagesAsync(id)).Select(m => m.DedupeKey));
        Assert.Equal(1, (await IdeaSeed.LoadAsync(Bot, id)).EscalationLevel);
        Assert.Single(await IdeaSeed.EventsAsync(Bot, id), e => e.Kind == IdeaEventKind.Escalated);
    }

    /// <summary>The app was down Tuesday to Thursday: Friday's run (or the late run after a restart) takes one step, not three.</summary>
    [Fact]
    public async Task Escalation_DaysMissed_CatchesUpOneStepPerRun()
    {
        await Bot.ClearAsync();
        await IdeaSeed.ChannelAsync(Bot);
        var id = await IdeaAsync(Erika);

        await RunAsync(Berlin(13, 15));
        Assert.Equal([EscalateIdeas.Key(id, 1)], (await MessagesAsync(id)).Select(m => m.DedupeKey));
        await RunAsync(Berlin(16));

        Assert.Equal([EscalateIdeas.Key(id, 1), EscalateIdeas.Key(id, 2)], (await MessagesAsync(id)).Select(m => m.DedupeKey));
        Assert.Contains(Word.De("ideasReport.workingDays.other", 5), Words(CardOf((await MessagesAsync(id))[1])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalation_NoAssignee_StraightToTheChannel()
    {
        await Bot.ClearAsync();
        await IdeaSeed.ChannelAsync(Bot);
        var id = await IdeaAsync(Erika, assigned: false);

        await RunAsync(Berlin(10));

        var sent = Assert.Single(await MessagesAsync(id));
        Assert.Equal(EscalateIdeas.Key(id, 2), sent.DedupeKey);
        Assert.Equal(IdeaSeed.LotsenChannel, sent.ConversationId);
        Assert.Contains(Word.De("ideasReport.escalation.heading2"), Words(CardOf(sent)), StringComparison.Ordinal);
        Assert.Equal(2, (await IdeaSeed.LoadAsync(Bot, id)).EscalationLevel);
    }

    [Fact]
    public async Task Escalation_AnsweredClosedOrNotYetDue_NotEscalated()
    {
        await Bot.ClearAsync();
        var answered = await IdeaAsync(Erika, adjust: i => i.FirstPublicAnswerAtUtc = Berlin(6, 12));
        var rejected = await IdeaAsync(Erika, adjust: i => { i.Status = IdeaStatus.Rejected; i.ClosedAtUtc = Berlin(5); });
        var done = await IdeaAsync(Erika, adjust: i => i.Status = IdeaStatus.Done);
        var merged = await IdeaAsync(Erika, adjust: i => i.Status = IdeaStatus.Merged);
        var notYet = await IdeaAsync(Erika, adjust: i => i.FirstResponseDueOn = new DateOnly(2026, 11, 10));

        await RunAsync(Berlin(10));
        await RunAsync(Berlin(11));

        foreach (var id in new[] { answered, rejected, done, merged })
        {
            Assert.Empty(await MessagesAsync(id));
            Assert.Equal(0, (await IdeaSeed.LoadAsync(Bot, id)).EscalationLevel);
        }
        // Due Tuesday: not on Tuesday, but on Wednesday.
        Assert.Equal([EscalateIdeas.Key(notYet, 1)], (await MessagesAsync(notYet)).Select(m => m.DedupeKey));
    }

    [Fact]
    public async Task Escalation_AnonymousIdea_NoStepNamesTheSubmitter()
    {
        await Bot.ClearAsync();
        await IdeaSeed.ChannelAsync(Bot);
        var id = await IdeaAsync(Erika, anonymous: true);
        var named = await IdeaAsync(Erika);

        foreach (var day in new[] { 10, 11, 12 }) await RunAsync(Berlin(day));

        var sent = (await MessagesAsync(id)).Concat(await MessagesAsync(named)).ToList();
        Assert.Equal(6, sent.Count);
        Assert.All(sent, m =>
        {
            Assert.DoesNotContain("Mustermann", m.ActivityJson, StringComparison.Ordinal);
            Assert.DoesNotContain(Erika.AadObjectId, m.ActivityJson, StringComparison.OrdinalIgnoreCase);
            Assert.NotEqual(Erika.AadObjectId, m.UserAadObjectId);
        });
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains("Mustermann", StringComparison.Ordinal) || l.Contains("Akten digital", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Escalation_InnovationChannelSet_LastStepThere()
    {
        await Bot.ClearAsync();
        const string innovationChannel = "19:innovation-soest@thread.tacv2";
        using (var added = await Bot.PostAsync(BotAdded(Bot, Innovation, innovationChannel, "channel"))) Assert.True(added.IsSuccessStatusCode);
        var options = new IdeasOptions { InnovationConversationId = innovationChannel, LotsenConversationId = "" };
        var id = await IdeaAsync(Erika, assigned: false);

        await RunAsync(Berlin(10), options);

        var sent = Assert.Single(await MessagesAsync(id));
        Assert.Equal(EscalateIdeas.Key(id, 3), sent.DedupeKey);
        Assert.Equal(innovationChannel, sent.ConversationId);
        Assert.Contains(Word.De("ideasReport.escalation.heading3"), Words(CardOf(sent)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalation_WeekendOrHoliday_NoRun()
    {
        await Bot.ClearAsync();
        var id = await IdeaAsync(Erika);

        await RunAsync(Berlin(14));
        await RunAsync(Berlin(15));
        await RunAsync(TrainingTime.ToUtc(new DateTime(2026, 12, 25, 8, 0, 0)));

        Assert.Empty(await MessagesAsync(id));
    }
}

[Collection(SqliteIdeasReportGroup.Sqlite)]
public sealed class EscalationTests_Sqlite(SqliteIdeasReportBot bot) : EscalationTests<SqliteIdeasReportBot>(bot);

[Collection(PostgresIdeasReportGroup.Postgres)]
public sealed class EscalationTests_Postgres(PostgresIdeasReportBot bot) : EscalationTests<PostgresIdeasReportBot>(bot);
