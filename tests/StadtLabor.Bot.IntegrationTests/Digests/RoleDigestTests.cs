using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Digests;
using StadtLabor.Bot.Features.Digests.Roles;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Digests;

/// <summary>
/// The weekly role digests on both databases: one card per role holder and kind in their 1:1 chat, none for staff,
/// sections by role, anonymous submitters never named, small figures as "weniger als 5", the opt-out, and one
/// edition per week however often the job runs. Each test runs the job for a week of its own in the future, so the
/// tests sharing the digest app do not see each other's editions.
/// </summary>
public abstract class RoleDigestTests<TBot>(TBot bot) where TBot : DigestBot
{
    private readonly bool _ = DigestBot.Available(bot);

    private static readonly Activities.Persona Erika = Activities.Erika;
    private static readonly Activities.Persona Anonymous = TrainingSeed.Colleague(16201);
    private static readonly Activities.Persona Named = TrainingSeed.Colleague(16202);

    [Fact]
    public async Task Job_OneWeek_EachRoleHolderGetsTheirOwnCardInTheir1to1Chat_StaffNone_SecondRunNothing()
    {
        await InstallAsync(Erika, Activities.LabTeam, Activities.Lotse, Activities.Innovation, Activities.Research);
        var anonymousTitle = IdeaSeed.Unique("Anonyme Rollenidee");
        var namedTitle = IdeaSeed.Unique("Benannte Rollenidee");
        await IdeaSeed.IdeaAsync(bot, anonymousTitle, Anonymous, anonymous: true, daysAgo: 60);
        await IdeaSeed.IdeaAsync(bot, namedTitle, Named, daysAgo: 59);
        var sessionTitle = IdeaSeed.Unique("Rollen-Schulung");
        var sessionId = await TrainingSeed.SessionAsync(bot, 12, TimeSpan.FromDays(7), title: sessionTitle);
        var item = IdeaSeed.Unique("Rollen-VR-Brille");
        await LendingSeed.ReservationAsync(bot, await LendingSeed.ItemAsync(bot, item), Erika, DateTime.UtcNow.AddDays(7), DateTime.UtcNow.AddDays(7).AddHours(2));
        var surveyTitle = SurveySeed.Unique("Rollen-Umfrage");
        var survey = await SurveySeed.SurveyAsync(bot, surveyTitle);
        await SurveySeed.WaveAsync(bot, survey.Id, [TrainingSeed.Colleague(16203), TrainingSeed.Colleague(16204), TrainingSeed.Colleague(16205)]);
        var at = DateTimeOffset.UtcNow.AddDays(7);
        var key = SendRoleDigests.PeriodKey(JobPeriod.Containing(at, JobPeriodKind.Week));

        var run = bot.App.Services.GetRequiredService<JobRun>();
        Assert.Equal(JobRunOutcome.Completed, await run.RunAsync(SendRoleDigests.Name, at, CancellationToken.None));

        var rows = await RowsAsync(key);
        Assert.Equal(
            [("innovation", Activities.Innovation.AadObjectId), ("labTeam", Activities.LabTeam.AadObjectId), ("lotsen", Activities.Lotse.AadObjectId)],
            rows.Where(r => r.UserAadObjectId != Activities.Lotsin.AadObjectId).Select(r => (r.DedupeKey.Split(':')[1], r.UserAadObjectId!)).Order());
        Assert.All(rows, r => Assert.Equal("user:" + r.UserAadObjectId, r.ConversationKey));
        Assert.DoesNotContain(rows, r => r.UserAadObjectId == Erika.AadObjectId || r.UserAadObjectId == Activities.Research.AadObjectId);

        var lotsen = Texts(CardOf(rows.Single(r => r.UserAadObjectId == Activities.Lotse.AadObjectId)));
        Assert.Contains(anonymousTitle, lotsen, StringComparison.Ordinal);
        Assert.Contains("anonym eingereicht", lotsen, StringComparison.Ordinal);
        Assert.Contains("von " + Named.Name, lotsen, StringComparison.Ordinal);
        Assert.DoesNotContain(Anonymous.Name, lotsen, StringComparison.Ordinal);
        Assert.DoesNotContain(Anonymous.AadObjectId, rows.Single(r => r.UserAadObjectId == Activities.Lotse.AadObjectId).ActivityJson, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(sessionTitle, lotsen, StringComparison.Ordinal);
        Assert.DoesNotContain(surveyTitle, lotsen, StringComparison.Ordinal);

        var lab = Texts(CardOf(rows.Single(r => r.UserAadObjectId == Activities.LabTeam.AadObjectId)));
        Assert.Contains(sessionTitle, lab, StringComparison.Ordinal);
        Assert.Contains(item, lab, StringComparison.Ordinal);
        Assert.DoesNotContain(anonymousTitle, lab, StringComparison.Ordinal);
        Assert.DoesNotContain(surveyTitle, lab, StringComparison.Ordinal);
        // Other test classes of the shared fixture may have sessions this week too: this session's button is there.
        Assert.Contains(Actions(CardOf(rows.Single(r => r.UserAadObjectId == Activities.LabTeam.AadObjectId))),
            a => a["verb"]!.GetValue<string>() == "trainings.participants" && a["data"]?["sessionId"]?.GetValue<long>() == sessionId);

        var innovation = Texts(CardOf(rows.Single(r => r.UserAadObjectId == Activities.Innovation.AadObjectId)));
        Assert.Contains("Antworten: weniger als 5 von 3 Eingeladenen", innovation, StringComparison.Ordinal);
        Assert.DoesNotContain(anonymousTitle, innovation, StringComparison.Ordinal);
        Assert.DoesNotContain(sessionTitle, innovation, StringComparison.Ordinal);

        // The acknowledgement buttons name this reader's edition of this week.
        var editions = await bot.WithDbAsync(db => db.DigestEditions().AsNoTracking().Where(e => e.PeriodKey == key).ToListAsync());
        foreach (var row in rows)
        {
            var kind = Enum.Parse<DigestKind>(row.DedupeKey.Split(':')[1], ignoreCase: true);
            var edition = editions.Single(e => e.Kind == kind && e.Audience == row.UserAadObjectId);
            Assert.Equal(row.DedupeKey, edition.OutboxDedupeKey);
            var acks = Actions(CardOf(row)).Where(a => a["verb"]!.GetValue<string>() == RoleDigestCard.AckVerb).ToList();
            Assert.Equal(["read", "done", "later"], acks.Select(a => a["data"]!["answer"]!.GetValue<string>()));
            Assert.All(acks, a => Assert.Equal(edition.Id, a["data"]!["edition"]!.GetValue<long>()));
        }

        // Again through the wrapper (a second instance, a restart): the week is done. Again around it: editions hold.
        var laterThatWeek = JobPeriod.Containing(at, JobPeriodKind.Week).Start.AddDays(3).AddHours(7.5);
        Assert.Equal(JobRunOutcome.AlreadyDone, await run.RunAsync(SendRoleDigests.Name, laterThatWeek, CancellationToken.None));
        await RunBodyAsync(at);
        Assert.Equal(rows.Count, (await RowsAsync(key)).Count);
        Assert.Equal(editions.Count, await bot.WithDbAsync(db => db.DigestEditions().CountAsync(e => e.PeriodKey == key)));

        var delivered = await OutboxHelpers.WaitForStatusAsync(bot, rows.Single(r => r.UserAadObjectId == Activities.Lotse.AadObjectId).DedupeKey, OutboxStatus.Sent);
        Assert.Equal(TrainingSeed.Chat(Activities.Lotse), delivered.ConversationId);
    }

    [Fact]
    public async Task Job_RoleDigestsSwitchedOff_NoCardFromTheNextEditionOn()
    {
        await InstallAsync(Activities.Lotse, Activities.Lotsin);
        await IdeaSeed.IdeaAsync(bot, IdeaSeed.Unique("Idee für die Abbestellung"), Named, daysAgo: 3);
        await SetRoleDigestsAsync(Activities.Lotsin, false);
        try
        {
            var at = DateTimeOffset.UtcNow.AddDays(14);
            await RunBodyAsync(at);

            var rows = await RowsAsync(SendRoleDigests.PeriodKey(JobPeriod.Containing(at, JobPeriodKind.Week)));
            Assert.Contains(rows, r => r.UserAadObjectId == Activities.Lotse.AadObjectId);
            Assert.DoesNotContain(rows, r => r.UserAadObjectId == Activities.Lotsin.AadObjectId);
        }
        finally
        {
            await SetRoleDigestsAsync(Activities.Lotsin, true);
        }
    }

    private async Task InstallAsync(params Activities.Persona[] people)
    {
        foreach (var p in people)
        {
            using var response = await bot.PostAsync(Activities.Install(bot, p, TrainingSeed.Chat(p)));
            Assert.True(response.IsSuccessStatusCode);
        }
    }

    private async Task RunBodyAsync(DateTimeOffset at)
    {
        await using var scope = bot.App.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<SendRoleDigests>(scope.ServiceProvider).RunAsync(JobPeriod.Containing(at, JobPeriodKind.Week), CancellationToken.None);
    }

    private Task<List<OutboxMessage>> RowsAsync(string periodKey) =>
        bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith("digests.role:") && m.DedupeKey.Contains(":" + periodKey + ":"))
            .OrderBy(m => m.Id).ToListAsync());

    private Task<int> SetRoleDigestsAsync(Activities.Persona p, bool on) =>
        bot.WithDbAsync(async db =>
        {
            var row = await db.PersonSettings().SingleOrDefaultAsync(s => s.TenantId == BotFixture.TenantId && s.UserAadObjectId == p.AadObjectId);
            if (row is null) db.PersonSettings().Add(row = new PersonSettings { TenantId = BotFixture.TenantId, UserAadObjectId = p.AadObjectId });
            row.RoleDigests = on;
            row.UpdatedAtUtc = DateTime.UtcNow;
            return await db.SaveChangesAsync();
        });

    private static JsonObject CardOf(OutboxMessage m) => JsonNode.Parse(m.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();

    /// <summary>Every text on the card, joined (the renderer escapes markdown, so compare words, not markup).</summary>
    private static string Texts(JsonNode? node) => node switch
    {
        JsonObject o => string.Join("\n", o.Where(p => p.Key is "text" or "title").Select(p => p.Value?.ToString() ?? "").Concat(o.Select(p => Texts(p.Value)))),
        JsonArray a => string.Join("\n", a.Select(Texts)),
        _ => "",
    };

    private static List<JsonObject> Actions(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.ToString() == "Action.Execute" => [o],
        JsonObject o => [.. o.SelectMany(p => Actions(p.Value))],
        JsonArray a => [.. a.SelectMany(Actions)],
        _ => [],
    };
}

[Collection(DigestCollections.Sqlite)]
public sealed class RoleDigestTests_Sqlite(SqliteDigestBot bot) : RoleDigestTests<SqliteDigestBot>(bot);

[Collection(DigestCollections.Postgres)]
public sealed class RoleDigestTests_Postgres(PostgresDigestBot bot) : RoleDigestTests<PostgresDigestBot>(bot);
