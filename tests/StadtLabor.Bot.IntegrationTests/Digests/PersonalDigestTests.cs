using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Digests;
using StadtLabor.Bot.Features.Digests.Personal;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Jobs;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Jobs;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Lending;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Digests;

/// <summary>
/// The personal digest through the app: the settings card stores the choice, the 7:30 job (run directly, on a clock
/// set to a Monday or Tuesday some weeks ahead) sends one card per person due, each line with its button, and
/// "Gelesen"/"Erledigt"/"Später" answer in place for the edition's reader only. Colleagues 16100–16199.
/// </summary>
public abstract class PersonalDigestTests<TBot>(TBot bot) where TBot : DigestBot
{
    private readonly bool _ = DigestBot.Available(bot);
    private TBot Bot => bot;

    /// <summary>A Monday that is a working day, <paramref name="weeksAhead"/> weeks after next.</summary>
    private static DateOnly Monday(int weeksAhead)
    {
        var day = PersonalDigestPlan.Monday(DateOnly.FromDateTime(TrainingTime.ToBerlin(DateTime.UtcNow))).AddDays(7 * (weeksAhead + 1));
        while (!QuietHours.IsWorkingDay(day)) day = day.AddDays(7);
        return day;
    }

    private static DateTime At(DateOnly day, int hour, int minute = 0) => QuietHours.At(day, new TimeOnly(hour, minute));

    private async Task RunDigestsAsync(DateTime utc)
    {
        var clock = new LabClock();
        clock.Set(utc);
        await using var scope = Bot.App.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<SendPersonalDigests>(scope.ServiceProvider, (TimeProvider)clock)
            .RunAsync(JobPeriod.Containing(new DateTimeOffset(utc), JobPeriodKind.Day), CancellationToken.None);
    }

    private Task<int> InstallAsync(params Activities.Persona[] people) => Bot.WithDbAsync(async db =>
    {
        foreach (var p in people)
            db.Installations().Add(new Installation
            {
                ConversationId = TrainingSeed.Chat(p), ServiceUrl = Bot.Connector.ServiceUrl, TenantId = BotFixture.TenantId,
                ConversationType = "personal", UserId = p.Id, UserAadObjectId = p.AadObjectId, Active = true,
                InstalledAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
            });
        return await db.SaveChangesAsync();
    });

    private Task<int> BookAsync(long sessionId, Activities.Persona p, RegistrationStatus status = RegistrationStatus.Booked, DateTime? offerUntil = null) =>
        Bot.WithDbAsync(async db =>
        {
            db.TrainingRegistrations().Add(new Registration
            {
                SessionId = sessionId, UserAadObjectId = p.AadObjectId, UserName = p.Name, TenantId = BotFixture.TenantId, Status = status,
                OfferExpiresAtUtc = offerUntil, CreatedAtUtc = DateTime.UtcNow, BookedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

    private Task<List<OutboxMessage>> DigestsAsync(string periodKey, Activities.Persona p) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey == SendPersonalDigests.Key(periodKey, p.AadObjectId)).ToListAsync());

    private Task<DigestEdition> EditionAsync(string periodKey, Activities.Persona p) =>
        Bot.WithDbAsync(db => db.DigestEditions().AsNoTracking().SingleAsync(e => e.Kind == DigestKind.Personal && e.PeriodKey == periodKey && e.Audience == p.AadObjectId));

    private static JsonObject CardOf(OutboxMessage m) => JsonNode.Parse(m.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();

    private static JsonObject Ack(long edition, string answer) => new() { ["edition"] = edition, ["answer"] = answer };

    [Fact]
    public async Task Settings_SaveDaily_StoredAndBadInputChangesNothing()
    {
        var erika = TrainingSeed.Colleague(16100);
        var card = await TrainingSeed.ClickAsync(Bot, erika, ChooseDigest.Verb,
            new JsonObject { ["frequency"] = "daily", ["folds"] = "lending,ideas", ["roleDigests"] = "false" });
        Assert.Contains(Word.De("settingsDigest.saved"), Words(card), StringComparison.Ordinal);
        var stored = await Bot.WithDbAsync(db => db.PersonSettings().AsNoTracking().SingleAsync(p => p.UserAadObjectId == erika.AadObjectId));
        Assert.Equal(DigestFrequency.Daily, stored.DigestFrequency);
        Assert.Equal(DigestFolds.LendingDueDates | DigestFolds.IdeaStatusChanges, stored.DigestFolds);
        // Erika holds no role: the role digest switch is not hers to change.
        Assert.True(stored.RoleDigests);

        var refused = await TrainingSeed.ClickAsync(Bot, erika, ChooseDigest.Verb, new JsonObject { ["frequency"] = "hourly" });
        Assert.Contains(Word.De("settingsDigest.invalid"), Words(refused), StringComparison.Ordinal);
        Assert.Equal(DigestFrequency.Daily, (await Bot.WithDbAsync(db => db.PersonSettings().AsNoTracking().SingleAsync(p => p.UserAadObjectId == erika.AadObjectId))).DigestFrequency);
    }

    [Fact]
    public async Task Job_DailyWeeklyOff_OnlyThoseDueGetOneEach()
    {
        var monday = Monday(0);
        var (daily, weekly, off, idle) = (TrainingSeed.Colleague(16110), TrainingSeed.Colleague(16111), TrainingSeed.Colleague(16112), TrainingSeed.Colleague(16113));
        await InstallAsync(daily, weekly, off, idle);
        var session = await TrainingSeed.SessionAsync(Bot, 10, At(monday.AddDays(2), 10) - DateTime.UtcNow, tool: "Miro");
        foreach (var p in new[] { daily, weekly, off }) await BookAsync(session, p);
        await TrainingSeed.ClickAsync(Bot, daily, ChooseDigest.Verb, new JsonObject { ["frequency"] = "daily" });
        await TrainingSeed.ClickAsync(Bot, off, ChooseDigest.Verb, new JsonObject { ["frequency"] = "off" });

        // Tuesday: only the daily reader.
        var tuesday = monday.AddDays(1);
        await RunDigestsAsync(At(tuesday, 7, 30));
        Assert.Single(await DigestsAsync(PersonalDigestPlan.Key(tuesday), daily));
        Assert.Empty(await DigestsAsync(PersonalDigestPlan.Key(monday), weekly));

        // Monday of the week after: daily and weekly; off and the person with nothing to read get nothing.
        var next = monday.AddDays(7);
        var session2 = await TrainingSeed.SessionAsync(Bot, 10, At(next.AddDays(1), 10) - DateTime.UtcNow, tool: "Miro");
        foreach (var p in new[] { daily, weekly, off }) await BookAsync(session2, p);
        await RunDigestsAsync(At(next, 7, 30));
        await RunDigestsAsync(At(next, 7, 30));
        var key = PersonalDigestPlan.Key(next);
        Assert.Single(await DigestsAsync(key, daily));
        var card = CardOf(Assert.Single(await DigestsAsync(key, weekly)));
        Assert.Contains("trainings.detail", Verbs(card));
        Assert.Empty(await DigestsAsync(key, off));
        Assert.Empty(await DigestsAsync(key, idle));
        Assert.Equal(0, await Bot.WithDbAsync(db => db.DigestEditions().CountAsync(e => e.Audience == idle.AadObjectId || e.Audience == off.AadObjectId)));
    }

    [Fact]
    public async Task Content_EveryKind_ALineWithItsButton()
    {
        var monday = Monday(3);
        var jonas = TrainingSeed.Colleague(16120);
        await InstallAsync(jonas);
        var booked = await TrainingSeed.SessionAsync(Bot, 10, At(monday.AddDays(1), 10) - DateTime.UtcNow, tool: "Miro");
        var offered = await TrainingSeed.SessionAsync(Bot, 10, At(monday.AddDays(3), 10) - DateTime.UtcNow, tool: "Canva");
        await BookAsync(booked, jonas);
        await BookAsync(offered, jonas, RegistrationStatus.Offered, At(monday, 12));
        var item = await LendingSeed.ItemAsync(Bot, "Dokumentenkamera 16120");
        await LendingSeed.ReservationAsync(Bot, item, jonas, At(monday.AddDays(-5), 9), At(monday.AddDays(-3), 12), ReservationStatus.Lent);
        await LendingSeed.ReservationAsync(Bot, item, jonas, At(monday.AddDays(2), 9), At(monday.AddDays(3), 12));

        await RunDigestsAsync(At(monday, 7, 30));
        var card = CardOf(Assert.Single(await DigestsAsync(PersonalDigestPlan.Key(monday), jonas)));
        var verbs = Verbs(card);
        Assert.Contains("trainings.detail", verbs);
        Assert.Contains("trainings.accept", verbs);
        Assert.Contains("lending.mine", verbs);
        Assert.Equal(3, verbs.Count(v => v == AcknowledgeDigest.Verb));
        Assert.Contains(Word.De("digestsPersonal.sections.offers"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("digestsPersonal.sections.lending"), Words(card), StringComparison.Ordinal);
        Assert.Equal(4, (await EditionAsync(PersonalDigestPlan.Key(monday), jonas)).ItemCount);
    }

    [Fact]
    public async Task Ack_DoneThenReadThenLater_InPlaceOneRowAndSomeoneElseRefused()
    {
        var monday = Monday(4);
        var (leon, mara) = (TrainingSeed.Colleague(16130), TrainingSeed.Colleague(16131));
        await InstallAsync(leon);
        await BookAsync(await TrainingSeed.SessionAsync(Bot, 10, At(monday.AddDays(1), 10) - DateTime.UtcNow), leon);
        await RunDigestsAsync(At(monday, 7, 30));
        var edition = await EditionAsync(PersonalDigestPlan.Key(monday), leon);

        var done = await TrainingSeed.ClickAsync(Bot, leon, AcknowledgeDigest.Verb, Ack(edition.Id, "done"));
        Assert.Equal(Word.De("digestsPersonal.acked.done"), done["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("trainings.detail", Verbs(done));
        await TrainingSeed.ClickAsync(Bot, leon, AcknowledgeDigest.Verb, Ack(edition.Id, "read"));
        var rows = await Bot.WithDbAsync(db => db.DigestAcknowledgements().AsNoTracking().Where(a => a.EditionId == edition.Id).ToListAsync());
        Assert.Equal(DigestAnswer.Read, Assert.Single(rows).Answer);

        // Mara clicks Leon's edition (a forwarded card, a crafted click): refused, nothing noted.
        var refused = await Bot.InvokeAsync(Activities.Execute(Bot, mara, AcknowledgeDigest.Verb, Ack(edition.Id, "done"), conversationId: TrainingSeed.Chat(mara)));
        Assert.Equal(403, refused["statusCode"]!.GetValue<int>());
        Assert.Single(await Bot.WithDbAsync(db => db.DigestAcknowledgements().AsNoTracking().Where(a => a.EditionId == edition.Id).ToListAsync()));
        var bad = await Bot.InvokeAsync(Activities.Execute(Bot, leon, AcknowledgeDigest.Verb, Ack(edition.Id, "maybe"), conversationId: TrainingSeed.Chat(leon)));
        Assert.Equal(400, bad["statusCode"]!.GetValue<int>());

        // "Später": the same card comes back next Monday morning; "Erledigt" before then takes it back.
        await TrainingSeed.ClickAsync(Bot, leon, AcknowledgeDigest.Verb, Ack(edition.Id, "later"));
        var later = await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().SingleAsync(m => m.DedupeKey == AcknowledgeDigest.LaterKey(edition.Id)));
        Assert.Equal(PersonalDigestPlan.LaterUtc(DateOnly.FromDateTime(TrainingTime.ToBerlin(DateTime.UtcNow))), later.NextAttemptAtUtc);
        await TrainingSeed.ClickAsync(Bot, leon, AcknowledgeDigest.Verb, Ack(edition.Id, "done"));
        Assert.False(await Bot.WithDbAsync(db => db.OutboxMessages().AnyAsync(m => m.DedupeKey == AcknowledgeDigest.LaterKey(edition.Id))));

        // Counted per edition on the status card, from 5: one answer is "weniger als 5".
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var rates = await scope.ServiceProvider.GetRequiredService<DigestResponseRates>().RecentAsync(50, CancellationToken.None);
        var personal = Assert.Single(rates, r => r.Kind == DigestKind.Personal && r.PeriodKey == PersonalDigestPlan.Key(monday));
        Assert.False(personal.Answered.Shown);
    }

    [Fact]
    public async Task FoldedLendingReminder_NotSentAlone_ButInTheDigest()
    {
        var monday = Monday(5);
        var (folder, other) = (TrainingSeed.Colleague(16140), TrainingSeed.Colleague(16141));
        await InstallAsync(folder, other);
        await TrainingSeed.ClickAsync(Bot, folder, ChooseDigest.Verb, new JsonObject { ["frequency"] = "weekly", ["folds"] = "lending" });
        var item = await LendingSeed.ItemAsync(Bot, "Beamer 16140", quantity: 2);
        foreach (var p in new[] { folder, other })
            await LendingSeed.ReservationAsync(Bot, item, p, At(monday.AddDays(1), 9), At(monday.AddDays(2), 12));

        var clock = new LabClock();
        clock.Set(At(monday, 9));
        await using (var scope = Bot.App.Services.CreateAsyncScope())
            await ActivatorUtilities.CreateInstance<SendLendingReminders>(scope.ServiceProvider, (TimeProvider)clock)
                .RunAsync(JobPeriod.Containing(new DateTimeOffset(At(monday, 9)), JobPeriodKind.Day), CancellationToken.None);
        Assert.False(await Bot.WithDbAsync(db => db.OutboxMessages().AnyAsync(m => m.DedupeKey == SendLendingReminders.Key(folder.AadObjectId, monday))));
        Assert.True(await Bot.WithDbAsync(db => db.OutboxMessages().AnyAsync(m => m.DedupeKey == SendLendingReminders.Key(other.AadObjectId, monday))));

        await RunDigestsAsync(At(monday, 7, 30));
        var card = CardOf(Assert.Single(await DigestsAsync(PersonalDigestPlan.Key(monday), folder)));
        Assert.Contains("Beamer 16140", Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FoldedTrainingReminder_NotSentAlone_TheOtherBookedPersonReminded()
    {
        var monday = Monday(8);
        var (folder, other) = (TrainingSeed.Colleague(16142), TrainingSeed.Colleague(16143));
        await InstallAsync(folder, other);
        await TrainingSeed.ClickAsync(Bot, folder, ChooseDigest.Verb, new JsonObject { ["frequency"] = "daily", ["folds"] = "trainings" });
        var start = At(monday.AddDays(1), 10);
        var session = await TrainingSeed.SessionAsync(Bot, 10, start - DateTime.UtcNow);
        foreach (var p in new[] { folder, other }) await BookAsync(session, p);

        // 23 hours before: the 24-hour reminder is due.
        var clock = new LabClock();
        clock.Set(start.AddHours(-23));
        await using (var scope = Bot.App.Services.CreateAsyncScope())
            await ActivatorUtilities.CreateInstance<SendReminders>(scope.ServiceProvider, (TimeProvider)clock)
                .RunAsync(JobPeriod.Containing(new DateTimeOffset(clock.GetUtcNow().UtcDateTime), JobPeriodKind.Minute), CancellationToken.None);
        var reminded = await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking()
            .Where(m => m.DedupeKey.StartsWith("trainings.reminder:") && (m.UserAadObjectId == folder.AadObjectId || m.UserAadObjectId == other.AadObjectId))
            .Select(m => m.UserAadObjectId).ToListAsync());
        Assert.Equal([other.AadObjectId], reminded);
    }

    [Fact]
    public async Task MyData_ShowsAndErasesEditionsAndAnswers()
    {
        var monday = Monday(6);
        var ida = TrainingSeed.Colleague(16150);
        await InstallAsync(ida);
        await BookAsync(await TrainingSeed.SessionAsync(Bot, 10, At(monday.AddDays(1), 10) - DateTime.UtcNow), ida);
        await RunDigestsAsync(At(monday, 7, 30));
        var edition = await EditionAsync(PersonalDigestPlan.Key(monday), ida);
        await TrainingSeed.ClickAsync(Bot, ida, AcknowledgeDigest.Verb, Ack(edition.Id, "read"));

        await using var scope = Bot.App.Services.CreateAsyncScope();
        var data = scope.ServiceProvider.GetServices<IPersonalData>().OfType<DigestPersonalData>().Single();
        var person = new DataSubject(ida.AadObjectId);
        var kinds = await data.DescribeAsync(person, CancellationToken.None);
        Assert.Equal(1, kinds.Single(k => k.Kind == DigestPersonalData.Editions).Count);
        Assert.Equal(1, kinds.Single(k => k.Kind == DigestPersonalData.Answers).Count);
        Assert.Equal(90, kinds[0].RetentionDays);
        Assert.Equal(2, (await data.ExportAsync(person, CancellationToken.None)).Count);
        var erased = await data.EraseAsync(person, CancellationToken.None);
        Assert.Equal([1, 1], erased.Select(e => e.Removed));
        Assert.All(await data.DescribeAsync(person, CancellationToken.None), k => Assert.Equal(0, k.Count));
    }

    /// <summary>
    /// The personal digest's fan-out through the outbox against a connector stub that enforces Teams' limits: 30 people
    /// in ./test.sh, 2,000 with STADTLABOR_DIGEST_FANOUT=2000 (figures in .artifacts/digest-fanout.txt for the note).
    /// Each person gets exactly one digest, none is lost, and the stub hardly ever has to throttle.
    /// </summary>
    [Fact]
    public async Task FanOut_EachPersonOneDigest_NoneLostNoneTwice_WithinTeamsLimits()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("STADTLABOR_DIGEST_FANOUT"), out var n) && n > 0 ? n : 30;
        var monday = Monday(7);
        // 16160… for the smoke; a load run uses its own range so the smoke's people keep one digest each.
        var first = count <= 30 ? 16160 : 30000;
        var people = Enumerable.Range(first, count).Select(TrainingSeed.Colleague).ToArray();
        await InstallAsync(people);
        var session = await TrainingSeed.SessionAsync(Bot, count + 10, At(monday.AddDays(1), 10) - DateTime.UtcNow);
        await Bot.WithDbAsync(async db =>
        {
            foreach (var p in people)
                db.TrainingRegistrations().Add(new Registration
                {
                    SessionId = session, UserAadObjectId = p.AadObjectId, UserName = p.Name, TenantId = BotFixture.TenantId,
                    Status = RegistrationStatus.Booked, CreatedAtUtc = DateTime.UtcNow, BookedAtUtc = DateTime.UtcNow,
                });
            return await db.SaveChangesAsync();
        });

        var job = System.Diagnostics.Stopwatch.StartNew();
        await RunDigestsAsync(At(monday, 7, 30));
        job.Stop();
        var keys = people.Select(p => SendPersonalDigests.Key(PersonalDigestPlan.Key(monday), p.AadObjectId)).ToList();
        var limits = new TeamsLimits();
        Bot.Connector.EnforceLimits(limits);
        var throttledBefore = Bot.Connector.Throttled;
        try
        {
            // The edition waits for its Monday; the test brings it forward instead of waiting weeks.
            var send = System.Diagnostics.Stopwatch.StartNew();
            await Bot.WithDbAsync(db => db.OutboxMessages().Where(m => keys.Contains(m.DedupeKey)).ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAtUtc, DateTime.UtcNow)));
            // Sent is written after the connector answered: wait for the rows, not for the stub.
            var deadline = DateTime.UtcNow + limits.MinimumFor(0, count) * 4 + TimeSpan.FromSeconds(60);
            while (await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => keys.Contains(m.DedupeKey) && m.Status == OutboxStatus.Sent)) < count
                   && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            send.Stop();

            var sent = await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => keys.Contains(m.DedupeKey)).ToListAsync());
            var calls = people.Select(p => Bot.Connector.CallsFor(TrainingSeed.Chat(p)).Count(c => c.Body is not null)).ToList();
            var throttled = Bot.Connector.Throttled - throttledBefore;
            WriteFanOutFigures(
                $"personal digest fan-out {DateTime.UtcNow:u} on {Bot.Database.Provider}, load average {LoadAverage()}",
                $"people: {count}; editions and outbox rows written by the job in {job.Elapsed.TotalSeconds:F1} s",
                $"sent: {sent.Count(m => m.Status == OutboxStatus.Sent)} of {count} in {send.Elapsed.TotalSeconds:F1} s; minimum Teams' limits allow: {limits.MinimumFor(0, count).TotalSeconds:F1} s (ratio {send.Elapsed / limits.MinimumFor(0, count):F2})",
                $"lost: {count - calls.Count(c => c >= 1)}; duplicates: {calls.Sum(c => Math.Max(0, c - 1))}; 429 answers from the stub: {throttled}");

            Assert.Equal(count, sent.Count);
            Assert.All(sent, m => Assert.Equal(OutboxStatus.Sent, m.Status));
            Assert.All(calls, c => Assert.Equal(1, c));
            Assert.True(throttled <= Math.Max(1, count / 100), $"stub throttled {throttled} times");
        }
        finally
        {
            Bot.Connector.StopEnforcingLimits();
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static void WriteFanOutFigures(params string[] lines)
    {
        var root = StadtLabor.Bot.Tests.Protocol.ActivitySchemaCheck.FindRepoRoot();
        Directory.CreateDirectory(Path.Combine(root, ".artifacts"));
        File.AppendAllLines(Path.Combine(root, ".artifacts", "digest-fanout.txt"), [.. lines, ""]);
    }
}

[Collection(DigestCollections.Sqlite)]
public sealed class PersonalDigestTests_Sqlite(SqliteDigestBot bot) : PersonalDigestTests<SqliteDigestBot>(bot);

[Collection(DigestCollections.Postgres)]
public sealed class PersonalDigestTests_Postgres(PostgresDigestBot bot) : PersonalDigestTests<PostgresDigestBot>(bot);
