using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Digests;
using StadtLabor.Bot.Features.Digests.Channel;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Digests;

/// <summary>
/// The weekly channel card through the real job, outbox, dispatcher and connector stub, on both databases. The
/// fixture is shared with the other digest tests, so each test takes its own future week (an edition per week and
/// channel) and its own uniquely named data, and looks for that.
/// </summary>
public abstract class ChannelDigestTests<TBot>(TBot bot) where TBot : DigestBot
{
    private TBot Bot { get; } = bot;
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static DateTimeOffset WeekFromNow(int weeks) => DateTimeOffset.UtcNow.AddDays(7 * weeks);

    private async Task RunJobAsync(DateTimeOffset at)
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PostChannelDigests>().RunAsync(JobPeriod.Containing(at, JobPeriodKind.Week), Ct);
    }

    private static string PeriodKey(DateTimeOffset at) =>
        ChannelDigestWeek.PeriodKey(ChannelDigestWeek.MondayOf(LabTime.BerlinDate(at)));

    private Task<List<DigestEdition>> EditionsAsync(string periodKey) =>
        Bot.WithDbAsync(db => db.DigestEditions().AsNoTracking().Where(e => e.Kind == DigestKind.Channel && e.PeriodKey == periodKey)
            .OrderBy(e => e.Id).ToListAsync());

    private async Task<ConnectorCall> PostedAsync(string channel, string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (Bot.Connector.CallsFor(channel).FirstOrDefault(c => Text(c.Body).Contains(marker, StringComparison.Ordinal) == true) is { } call)
                return call;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No card with {marker} in {channel}.");
            await Task.Delay(20);
        }
    }

    /// <summary>The JSON as text with umlauts as they are (the wire escapes them).</summary>
    private static string Text(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonObject FromChannel(JsonObject activity)
    {
        var conversation = activity["conversation"]!.AsObject();
        conversation["id"] = DigestBot.GermanChannel + ";messageid=1733400000000";
        conversation["conversationType"] = "channel";
        return activity;
    }

    [Fact]
    public async Task Job_SeededWeek_OneCardPerChannelInItsLanguageWithEverySection()
    {
        var mark = Guid.NewGuid().ToString("N")[..6];
        var at = WeekFromNow(1);
        var sessionId = await TrainingSeed.SessionAsync(Bot, capacity: 4, startsIn: TimeSpan.FromMinutes(30), title: $"Miro Digest {mark}");
        await LendingSeed.ItemAsync(Bot, $"VR-Brille {mark}");
        var hidden = TrainingSeed.Colleague(16001);
        var anonymous = await IdeaSeed.IdeaAsync(Bot, $"Anonyme Idee {mark}", hidden, IdeaStatus.Done, anonymous: true);
        var named = await IdeaSeed.IdeaAsync(Bot, $"Benannte Idee {mark}", TrainingSeed.Colleague(16002), IdeaStatus.Accepted);
        await Bot.WithDbAsync(db =>
        {
            foreach (var (id, status) in new[] { (anonymous, IdeaStatus.Done), (named, IdeaStatus.Accepted) })
                db.IdeaEvents().Add(new IdeaEvent { IdeaId = id, Kind = IdeaEventKind.StatusChanged, Public = true, FromStatus = IdeaStatus.InReview,
                    ToStatus = status, ActorName = "Jonas Lotse", CreatedAtUtc = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });
        var six = await SurveyWithAnswersAsync($"Sechs {mark}", 6);
        var three = await SurveyWithAnswersAsync($"Drei {mark}", 3);

        await RunJobAsync(at);

        var german = Text((await PostedAsync(DigestBot.GermanChannel, mark)).Body);
        var english = Text((await PostedAsync(DigestBot.EnglishChannel, mark)).Body);
        Assert.Contains("Schulungen mit freien Plätzen", german);
        Assert.Contains("Trainings with free seats", english);
        foreach (var card in new[] { german, english })
        {
            Assert.Contains($"Miro Digest {mark}", card);
            Assert.Contains($"\"sessionId\":{sessionId}", card);
            Assert.Contains($"VR-Brille {mark}", card);
            Assert.Contains($"Anonyme Idee {mark}", card);
            Assert.Contains($"Benannte Idee {mark}", card);
            Assert.Contains($"Sechs {mark}", card);
            Assert.Contains($"Drei {mark}", card);
            // Nobody is named on a channel card: not the anonymous submitter, not the named one, not the Lotse.
            Assert.DoesNotContain(hidden.Name, card);
            Assert.DoesNotContain(hidden.AadObjectId, card);
            Assert.DoesNotContain(TrainingSeed.Colleague(16002).Name, card);
            Assert.DoesNotContain("Jonas Lotse", card);
            Assert.True(card.Length < 28 * 1024, $"card of {card.Length} bytes");
        }
        Assert.Contains("bisher 6 Antworten", german);
        Assert.Contains("6 answers so far", english);
        Assert.DoesNotContain("bisher 3 Antworten", german);
        Assert.Contains("noch weniger als 5 Antworten", german);
        Assert.Single(Bot.Connector.CallsFor(DigestBot.GermanChannel), c => Text(c.Body).Contains(mark, StringComparison.Ordinal));
        var editions = await EditionsAsync(PeriodKey(at));
        Assert.Equal([("de", 0), ("en", 0)], editions.Select(e => (e.Language, e.Revision)).OrderBy(e => e.Language));
        Assert.All(editions, e => Assert.True(e.ItemCount >= 6));
        Assert.True(six > 0 && three > 0);
    }

    private async Task<long> SurveyWithAnswersAsync(string title, int answers)
    {
        var survey = await SurveySeed.SurveyAsync(Bot, title);
        var wave = await SurveySeed.WaveAsync(Bot, survey.Id, [], slots: 0);
        await SurveySeed.AnswersAsync(Bot, wave, answers, _ => SurveySeed.Answer(survey, 0, 1, 0, 3, 10));
        // Closing first puts the test's surveys at the top of the section (soonest first), whatever else the fixture holds.
        await Bot.WithDbAsync(db => db.SurveyWaves().Where(w => w.Id == wave).ExecuteUpdateAsync(s => s.SetProperty(w => w.ClosesOn, DateOnly.FromDateTime(DateTime.UtcNow))));
        return wave;
    }

    [Fact]
    public async Task Job_RunAgainAndRefresh_UpdateTheSameMessageInPlace()
    {
        // This week: its news window (since last Monday) holds what the test adds now. No other test takes this week.
        var at = WeekFromNow(0);
        var first = Guid.NewGuid().ToString("N")[..6];
        await LendingSeed.ItemAsync(Bot, $"Roboter {first}");
        await RunJobAsync(at);
        var post = await PostedAsync(DigestBot.GermanChannel, first);
        Assert.Equal("POST", post.Method);
        var activityId = (await OutboxHelpers.WaitForStatusAsync(Bot, ChannelEditions.PostKey(PeriodKey(at), DigestBot.GermanChannel), OutboxStatus.Sent))
            .SentActivityId!;

        var second = Guid.NewGuid().ToString("N")[..6];
        await LendingSeed.ItemAsync(Bot, $"Sensor {second}");
        await RunJobAsync(at);
        var update = await PostedAsync(DigestBot.GermanChannel, second);
        Assert.Equal("PUT", update.Method);
        Assert.EndsWith("/activities/" + activityId, update.Path.Split('?')[0], StringComparison.Ordinal);
        await RunJobAsync(at); // nothing changed: no message at all
        var edition = (await EditionsAsync(PeriodKey(at))).Single(e => e.Language == "de");
        Assert.Equal(1, edition.Revision);

        var third = Guid.NewGuid().ToString("N")[..6];
        await LendingSeed.ItemAsync(Bot, $"Drucker {third}");
        var elsewhere = await Bot.InvokeAsync(Activities.Execute(Bot, TrainingSeed.Colleague(16003), RefreshChannelDigest.Verb, new JsonObject { ["edition"] = edition.Id }));
        Assert.Contains("nur in seinem Kanal", Text(elsewhere));
        var refreshed = await Bot.InvokeAsync(FromChannel(Activities.Execute(Bot, TrainingSeed.Colleague(16003), RefreshChannelDigest.Verb,
            new JsonObject { ["edition"] = edition.Id })));

        Assert.Contains($"Drucker {third}", Text(refreshed));
        var put = await PostedAsync(DigestBot.GermanChannel, third);
        Assert.Equal("PUT", put.Method);
        Assert.EndsWith("/activities/" + activityId, put.Path.Split('?')[0], StringComparison.Ordinal);
        Assert.Equal(1, Bot.Connector.CallsFor(DigestBot.GermanChannel).Count(c => c.Method == "POST" && Text(c.Body).Contains(first, StringComparison.Ordinal)));
        Assert.Equal(2, (await EditionsAsync(PeriodKey(at))).Single(e => e.Language == "de").Revision);
    }

    [Fact]
    public async Task Job_NothingToSay_NoPost()
    {
        // A week long past: no session lies ahead in it, nothing new was added then, no survey ran.
        var at = new DateTimeOffset(2020, 1, 8, 7, 0, 0, TimeSpan.Zero);

        await RunJobAsync(at);

        Assert.Empty(await EditionsAsync("2020-01-06"));
        Assert.Equal(0, await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => m.DedupeKey.StartsWith("digests.channel:2020-01-06"))));
    }

    [Fact]
    public async Task JobRun_SameWeekTwice_PostsOnce()
    {
        await TrainingSeed.SessionAsync(Bot, capacity: 2, startsIn: TimeSpan.FromDays(1), title: "Stackfield " + Guid.NewGuid().ToString("N")[..6]);
        var at = WeekFromNow(2);
        var runs = Bot.App.Services.GetRequiredService<JobRun>();

        var first = await runs.RunAsync(ChannelDigestWeek.JobName, at, Ct);
        var second = await runs.RunAsync(ChannelDigestWeek.JobName, at.AddDays(1), Ct);

        Assert.Equal(JobRunOutcome.Completed, first);
        Assert.Equal(JobRunOutcome.AlreadyDone, second);
        Assert.Equal(2, (await EditionsAsync(PeriodKey(at))).Count);
        Assert.Equal(2, await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => m.DedupeKey.StartsWith("digests.channel:" + PeriodKey(at)))));
    }

    [Fact]
    public async Task SignUp_ClickedOnTheChannelCard_AnswersOnlyTheClicker()
    {
        var title = "Trello im Kanal " + Guid.NewGuid().ToString("N")[..6];
        var sessionId = await TrainingSeed.SessionAsync(Bot, capacity: 3, title: title);
        var erika = TrainingSeed.Colleague(16010);
        var before = Bot.Connector.CallsFor(DigestBot.GermanChannel).Count;

        var answer = await Bot.InvokeAsync(FromChannel(Activities.Execute(Bot, erika, "trainings.signUp", TrainingSeed.Session(sessionId))));
        await OutboxHelpers.WaitUntilDeliveredAsync(Bot, [erika.AadObjectId]);

        // The invoke response (shown by Teams to the clicker alone) carries the booking; the receipt goes to the 1:1 chat.
        Assert.Equal("application/vnd.microsoft.card.adaptive", answer["type"]?.GetValue<string>());
        Assert.Contains(title, Text(answer["value"]));
        Assert.Equal(RegistrationStatus.Booked, Assert.Single(await TrainingSeed.RegistrationsAsync(Bot, sessionId)).Status);
        var receipts = await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.UserAadObjectId == erika.AadObjectId).ToListAsync());
        Assert.NotEmpty(receipts);
        Assert.All(receipts, m => Assert.Equal("user:" + erika.AadObjectId, m.ConversationKey));
        Assert.Equal(before, Bot.Connector.CallsFor(DigestBot.GermanChannel).Count);
    }
}

[Collection(DigestCollections.Sqlite)]
public sealed class ChannelDigestTests_Sqlite(SqliteDigestBot bot) : ChannelDigestTests<SqliteDigestBot>(bot);

[Collection(DigestCollections.Postgres)]
public sealed class ChannelDigestTests_Postgres(PostgresDigestBot bot) : ChannelDigestTests<PostgresDigestBot>(bot)
{
    private readonly bool _ = DigestBot.Available(bot);
}
