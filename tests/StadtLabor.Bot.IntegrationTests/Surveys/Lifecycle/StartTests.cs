using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Lifecycle;
using StadtLabor.Bot.Features.Surveys.Lifecycle.Jobs;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Surveys.Lifecycle.LifecycleTesting;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Lifecycle;

/// <summary>
/// Ines plans and starts survey waves over HTTP on both databases: a plan with mistakes is refused field by field, a
/// start today invites each person once with one answer slot each, a start later is left to the morning job, a team's
/// members come from the connector (a failing member list sends nothing), a second wave asks the same questions.
/// </summary>
public abstract class StartTests<TBot>(TBot fixture) where TBot : SurveysBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static string People(params Persona[] people) => string.Join(",", people.Select(p => p.AadObjectId));

    [Fact]
    public async Task Start_PlanWithMistakes_ErrorsUnderTheFieldsNothingWritten()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Falsch geplant"));
        var version = await VersionAsync(Bot, s.Id);

        var card = await ClickAsync(Bot, Innovation, "surveysLifecycle.start",
            Plan(s.Id, version, people: "Erika Mustermann", opensOn: Today.AddDays(-1), closesOn: Today.AddDays(-3), reminderDays: "3,x"));
        var tooLong = await ClickAsync(Bot, Innovation, "surveysLifecycle.start",
            Plan(s.Id, version, audience: "teams", teams: "19:unknown@thread.tacv2", closesOn: Today.AddDays(WavePlanRules.MaxDays + 1)));

        var words = Words(card);
        Assert.Contains(Word.De("surveysLifecycle.error.peopleInvalid"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.error.opensPast"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.error.closesBeforeOpens"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.error.reminders"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.plan.errorsSummary"), words, StringComparison.Ordinal);
        Assert.Contains("Erika Mustermann", words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.error.tooLong", WavePlanRules.MaxDays), Words(tooLong), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.error.teamsUnknown"), Words(tooLong), StringComparison.Ordinal);
        Assert.Empty(await WavesAsync(Bot, s.Id));
        Assert.Equal(version, await VersionAsync(Bot, s.Id));
    }

    [Fact]
    public async Task Start_Today_OneInvitationAndOneSlotPerPerson_SecondClickStale()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Heute los"));
        var people = Enumerable.Range(0, 4).Select(Colleague).ToArray();
        var plan = await ClickAsync(Bot, Innovation, "surveysLifecycle.plan", Id(s.Id));
        var version = plan["actions"]![0]!["data"]!["version"]!.GetValue<int>();

        var data = Plan(s.Id, version, people: People(people) + "," + people[0].AadObjectId.ToUpperInvariant(), reminderDays: "7, 3");
        var card = await ClickAsync(Bot, Innovation, "surveysLifecycle.start", data);
        var again = await ClickAsync(Bot, Innovation, "surveysLifecycle.start", data);

        var wave = Assert.Single(await WavesAsync(Bot, s.Id));
        Assert.Equal(WaveStatus.Running, wave.Status);
        Assert.Equal(1, wave.Number);
        Assert.Equal(people.Select(p => p.AadObjectId).Order(), (await InviteesAsync(Bot, wave.Id)).Order());
        Assert.Equal(4, await Bot.WithDbAsync(db => db.SurveyPending().CountAsync(p => p.WaveId == wave.Id)));
        Assert.Equal(4, await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave.Id && !r.Filled)));
        Assert.Equal(4 * s.All.Count, await Bot.WithDbAsync(db => db.SurveyValues().CountAsync(v => v.WaveId == wave.Id)));
        var sent = await OutboxAsync(Bot, $"surveys.invite:{wave.Id}:");
        Assert.Equal(people.Select(p => WaveInvitations.Key(wave.Id, p.AadObjectId)).Order(), sent.Select(m => m.DedupeKey).Order());
        Assert.Equal("3,7", (await Bot.WithDbAsync(db => db.Surveys().SingleAsync(x => x.Id == s.Id))).ReminderDays);
        Assert.Contains(Word.De("surveysLifecycle.notice.started", 1, 4), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.notice.stale"), Words(again), StringComparison.Ordinal);

        var invitation = CardOf(sent[0]);
        var answer = Assert.Single(Actions(invitation), a => a["verb"]!.ToString() == "surveys.answer");
        Assert.Equal(wave.Id, answer["data"]!["waveId"]!.GetValue<long>());
        var words = Words(invitation);
        Assert.Contains(Word.De("surveysLifecycle.invitation.voluntary"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.invitation.privacy", 5), words, StringComparison.Ordinal);
        // Honest about the raw export: the research partner gets single answers (no names), and free text only when allowed.
        Assert.Contains("Forschungspartner", Word.De("surveysLifecycle.invitation.privacy", 5), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.invitation.freeTextKept", 10), words, StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("surveysLifecycle.invitation.freeTextShared", 10), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysLifecycle.invitation.retention", "2 Jahre"), words, StringComparison.Ordinal);
        Assert.Contains("Wie arbeiten wir im Homeoffice?", words, StringComparison.Ordinal);
        Assert.Contains(StadtLabor.Bot.Cards.Wording.Day("de", wave.ClosesOn), words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Later_PlannedUntilTheMorningJob_JobTwiceStartsOnce()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Später"));
        var people = Enumerable.Range(10, 3).Select(Colleague).ToArray();
        var opens = Today.AddDays(2);

        var card = await ClickAsync(Bot, Innovation, "surveysLifecycle.start",
            Plan(s.Id, await VersionAsync(Bot, s.Id), people: People(people), opensOn: opens, closesOn: opens.AddDays(10)));
        var planned = Assert.Single(await WavesAsync(Bot, s.Id));
        await RunAsync<StartPlannedWaves>(Bot, opens.AddDays(-1), 7);
        var stillPlanned = Assert.Single(await WavesAsync(Bot, s.Id));
        await RunAsync<StartPlannedWaves>(Bot, opens, 7);
        await RunAsync<StartPlannedWaves>(Bot, opens, 8);

        Assert.Equal(WaveStatus.Planned, planned.Status);
        Assert.Contains(Word.De("surveysLifecycle.notice.planned", 1, StadtLabor.Bot.Cards.Wording.Day("de", opens)), Words(card), StringComparison.Ordinal);
        Assert.Equal(WaveStatus.Planned, stillPlanned.Status);
        var wave = Assert.Single(await WavesAsync(Bot, s.Id));
        Assert.Equal(WaveStatus.Running, wave.Status);
        Assert.NotNull(wave.StartedAtUtc);
        Assert.Equal(3, (await InviteesAsync(Bot, wave.Id)).Count);
        Assert.Equal(3, (await OutboxAsync(Bot, $"surveys.invite:{wave.Id}:")).Count);
        Assert.Equal(3, await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave.Id)));
    }

    [Fact]
    public async Task Start_TeamMembers_FromTheConnectorPageByPage()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Team"));
        var members = Enumerable.Range(20, 5).Select(Colleague).ToArray();
        var team = await TeamAsync(Bot, "Ordnungsamt", members);

        var plan = await ClickAsync(Bot, Innovation, "surveysLifecycle.plan", Id(s.Id));
        await ClickAsync(Bot, Innovation, "surveysLifecycle.start", Plan(s.Id, await VersionAsync(Bot, s.Id), audience: "teams", teams: team));

        Assert.Contains("Ordnungsamt", Words(plan), StringComparison.Ordinal);
        var wave = Assert.Single(await WavesAsync(Bot, s.Id));
        Assert.Equal(members.Select(m => m.AadObjectId).Order(), (await InviteesAsync(Bot, wave.Id)).Order());
        Assert.Equal(5, (await OutboxAsync(Bot, $"surveys.invite:{wave.Id}:")).Count);
        // Five members, two a page: three pages.
        Assert.Equal(3, Bot.Connector.CallsFor(team).Count(c => c.Path.Contains("/pagedmembers", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task Start_TeamRosterFails_NothingSentManageCardNamesTheTeam(int status)
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Roster kaputt"));
        var good = await TeamAsync(Bot, "Bürgerbüro", Enumerable.Range(30, 2).Select(Colleague));
        var bad = await TeamAsync(Bot, "Bauamt", Enumerable.Range(32, 2).Select(Colleague));
        Bot.Connector.AlwaysFor(bad, ConnectorStub.Status(status, "ServiceError", retryAfterSeconds: status == 429 ? 0 : null));
        try
        {
            var card = await ClickAsync(Bot, Innovation, "surveysLifecycle.start",
                Plan(s.Id, await VersionAsync(Bot, s.Id), audience: "teams", teams: good + "," + bad));

            Assert.Contains(Word.De("surveysLifecycle.notice.rosterFailed", "Bauamt"), Words(card), StringComparison.Ordinal);
            Assert.Empty(await WavesAsync(Bot, s.Id));
            Assert.Equal(0, await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => m.DedupeKey.StartsWith("surveys.invite:") &&
                (m.UserAadObjectId == Colleague(30).AadObjectId || m.UserAadObjectId == Colleague(32).AadObjectId))));
        }
        finally
        {
            Bot.Connector.HealFor(bad);
        }
    }

    [Fact]
    public async Task NewWave_AfterTheFirstClosed_WaveTwoWithTheSameQuestions()
    {
        var title = SurveySeed.Unique("Zweite Welle");
        var s = await SurveySeed.SurveyAsync(Bot, title);
        var first = await SurveySeed.WaveAsync(Bot, s.Id, [Colleague(40)], WaveStatus.Closed);

        var plan = await ClickAsync(Bot, Innovation, "surveysLifecycle.newWave", Id(s.Id));
        await ClickAsync(Bot, Innovation, "surveysLifecycle.start", Plan(s.Id, await VersionAsync(Bot, s.Id), people: People(Colleague(40), Colleague(41))));

        Assert.Contains(Word.De("surveysLifecycle.plan.headingWave", title, 2), Words(plan), StringComparison.Ordinal);
        var waves = await WavesAsync(Bot, s.Id);
        Assert.Equal([1, 2], waves.Select(w => w.Number));
        Assert.Equal(first, waves[0].Id);
        Assert.Equal(WaveStatus.Running, waves[1].Status);
        var questions = await Bot.WithDbAsync(db => db.SurveyValues().Where(v => v.WaveId == waves[1].Id).Select(v => v.QuestionId).Distinct().ToListAsync());
        Assert.Equal(s.All.Select(q => q.Id).Order(), questions.Order());
        var again = await ClickAsync(Bot, Innovation, "surveysLifecycle.newWave", Id(s.Id));
        Assert.Contains(Word.De("surveysLifecycle.error.waveOpen"), Words(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_Staff_DeniedNothingChanged()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Nur Innovation"));
        var version = await VersionAsync(Bot, s.Id);

        var plan = await ClickAsync(Bot, Erika, "surveysLifecycle.plan", Id(s.Id));
        var start = await ClickAsync(Bot, Erika, "surveysLifecycle.start", Plan(s.Id, version, people: Erika.AadObjectId));
        var delete = await ClickAsync(Bot, Erika, "surveysLifecycle.delete", Versioned(s.Id, version, confirmed: true));

        Assert.All(new[] { plan, start, delete }, c => Assert.Contains(Word.De("denied.title"), Words(c), StringComparison.Ordinal));
        Assert.Empty(await WavesAsync(Bot, s.Id));
        Assert.Equal(version, await VersionAsync(Bot, s.Id));
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class StartTests_Sqlite(SqliteSurveysBot bot) : StartTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class StartTests_Postgres(PostgresSurveysBot bot) : StartTests<PostgresSurveysBot>(bot);
