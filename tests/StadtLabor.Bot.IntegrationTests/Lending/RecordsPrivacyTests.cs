using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Jobs;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.LendingSeed;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// "meine daten" and the retention of lending, over HTTP on SQLite and PostgreSQL: Erika from the Ordnungsamt with
/// a reservation next week, a headset she has right now, loans from before and a wish sees each kind with its count
/// and retention, downloads it, and erases it: the future one goes and frees its units, the lent one stays (the
/// headset is still with her), the earlier ones stay for the item's history without linking her, her wish goes;
/// Leon's loans do not move. The purge job deletes records a year after the return and empties purposes after 90 days.
/// </summary>
public abstract class RecordsPrivacyTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static Persona NewPersona(string id, string name) => new($"29:{id}-{Guid.NewGuid():N}", Guid.NewGuid().ToString(), name);

    private sealed record World(Persona Erika, Persona Leon, long Headsets, long Future, long Requested, long Lent, long Returned, long Cancelled, long LeonLoan);

    /// <summary>Erika's loans of VR headsets (3 units) in every state, a wish, and one loan of Leon's.</summary>
    private async Task<World> ArrangeAsync()
    {
        var erika = NewPersona("erika", "Mustermann, Erika");
        var leon = NewPersona("leon", "Krämer, Leon");
        var headsets = await ItemAsync(Bot, "VR-Brille " + Guid.NewGuid().ToString("N")[..8], quantity: 3);
        var future = await ReservationAsync(Bot, headsets, erika, WorkingDayUtc(5), WorkingDayUtc(6), quantity: 2);
        var requested = await ReservationAsync(Bot, headsets, erika, WorkingDayUtc(8), WorkingDayUtc(9), ReservationStatus.Requested);
        var lent = await ReservationAsync(Bot, headsets, erika, DateTime.UtcNow.AddDays(-2), WorkingDayUtc(2), ReservationStatus.Lent);
        var returned = await ReservationAsync(Bot, headsets, erika, DateTime.UtcNow.AddDays(-30), DateTime.UtcNow.AddDays(-28), ReservationStatus.Returned,
            adjust: r => r.ReturnedAtUtc = DateTime.UtcNow.AddDays(-28));
        var cancelled = await ReservationAsync(Bot, headsets, erika, DateTime.UtcNow.AddDays(-10), DateTime.UtcNow.AddDays(-9), ReservationStatus.Cancelled,
            adjust: r => r.Reason = "Erika hat abgesagt");
        var leonLoan = await ReservationAsync(Bot, headsets, leon, WorkingDayUtc(5), WorkingDayUtc(6));
        await Bot.WithDbAsync(db =>
        {
            db.LendingWatches().Add(new LendingWatch
            {
                ItemId = headsets, UserAadObjectId = erika.AadObjectId, TenantId = BotFixture.TenantId,
                FromUtc = WorkingDayUtc(5), ToUtc = WorkingDayUtc(6), CreatedAtUtc = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        return new World(erika, leon, headsets, future, requested, lent, returned, cancelled, leonLoan);
    }

    private static string What(string kind) => Word.De($"privacy.data.{kind}.what");

    private static string CountOf(JsonObject card, string what) =>
        JsonWalk(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Container" && o["items"]?[0]?["text"]?.GetValue<string>() == what)
            .Select(o => o["items"]![1]!["facts"]![0]!["value"]!.GetValue<string>())
            .Single();

    private static IEnumerable<JsonNode> JsonWalk(JsonNode? node) => node switch
    {
        null => [],
        JsonObject o => new[] { node }.Concat(o.SelectMany(p => JsonWalk(p.Value))),
        JsonArray a => new[] { node }.Concat(a.SelectMany(JsonWalk)),
        _ => [node],
    };

    private async Task<JsonNode> DownloadAsync(Persona p)
    {
        var link = JsonWalk(await ClickAsync(Bot, p, "privacy.myData")).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")
            .Select(o => new Uri(o["url"]!.GetValue<string>()).PathAndQuery)
            .Single(u => u.EndsWith(".json", StringComparison.Ordinal));
        return JsonNode.Parse(await Bot.Http.GetStringAsync(link))!;
    }

    /// <summary>Every string value of a download, unescaped (the file escapes umlauts as JSON allows).</summary>
    private static string Text(JsonNode document) =>
        string.Join("\n", JsonWalk(document).OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>()));

    private Task<List<LendingReservation>> ReservationsOfItemAsync(long itemId) =>
        Bot.WithDbAsync(db => db.LendingReservations().AsNoTracking().Where(r => r.ItemId == itemId).OrderBy(r => r.Id).ToListAsync());

    private async Task<int> FreeAsync(long itemId, DateTime fromUtc, DateTime toUtc)
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<Availability>().LoadAsync([itemId], fromUtc, toUtc, CancellationToken.None);
        return snapshot.Free(itemId, fromUtc, toUtc);
    }

    [Fact]
    public async Task MyData_ErikaWithLoansInEveryState_CardCountsEachKindWithRetention()
    {
        var w = await ArrangeAsync();

        var card = await ClickAsync(Bot, w.Erika, "privacy.myData");

        Assert.Equal("2", CountOf(card, What(LendingPersonalData.Reservations)));
        Assert.Equal("1", CountOf(card, What(LendingPersonalData.Lent)));
        Assert.Equal("2", CountOf(card, What(LendingPersonalData.Earlier)));
        Assert.Equal("1", CountOf(card, What(LendingPersonalData.Watches)));
        // Privacy:Retention:Lending, 365 days by default: "1 Jahr".
        Assert.Contains(Word.De("privacy.data.lendingEarlier.howLong", Word.De("time.year.one", 1)), Words(card), StringComparison.Ordinal);
        Assert.Contains("• " + What(LendingPersonalData.TeamWork), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_ErikaAndTheLabTeamMemberWhoDecided_EachOnlyTheirOwn()
    {
        var w = await ArrangeAsync();
        var sam = NewPersona("sam", "Sam Labor");
        await Bot.WithDbAsync(async db =>
        {
            var r = await db.LendingReservations().SingleAsync(x => x.Id == w.Future);
            r.DecidedByAadObjectId = sam.AadObjectId;
            r.DecidedAtUtc = DateTime.UtcNow;
            return await db.SaveChangesAsync();
        });

        var hers = await DownloadAsync(w.Erika);
        var his = await DownloadAsync(sam);

        var reservations = hers["kinds"]!.AsArray().Single(k => k!["kind"]!.GetValue<string>() == LendingPersonalData.Reservations)!;
        Assert.Equal(2, reservations["records"]!.AsArray().Count);
        Assert.All(reservations["records"]!.AsArray(), r => Assert.Equal("Workshop im Bürgerbüro", r!["purpose"]!.GetValue<string>()));
        Assert.DoesNotContain(sam.AadObjectId, Text(hers), StringComparison.Ordinal);
        Assert.DoesNotContain(w.Leon.AadObjectId, Text(hers), StringComparison.Ordinal);
        var work = Assert.Single(his["kinds"]!.AsArray().Single(k => k!["kind"]!.GetValue<string>() == LendingPersonalData.TeamWork)!["records"]!.AsArray());
        Assert.Equal("decided", work!["action"]!.GetValue<string>());
        var text = Text(his);
        Assert.DoesNotContain(w.Erika.AadObjectId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Mustermann", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bürgerbüro", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_Confirmed_FutureFreedLentKeptEarlierAnonymisedWishGoneLeonUntouched()
    {
        var w = await ArrangeAsync();
        var (from, to) = (WorkingDayUtc(5), WorkingDayUtc(6));
        Assert.Equal(0, await FreeAsync(w.Headsets, from, to));
        var leonBefore = (await ReservationsOfItemAsync(w.Headsets)).Single(r => r.Id == w.LeonLoan);

        var card = await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed", new JsonObject { ["aadObjectId"] = w.Leon.AadObjectId });

        var words = Words(card);
        Assert.Contains(What(LendingPersonalData.Reservations), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("privacy.kept.lentNow"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("privacy.kept.lendingAnonymous"), words, StringComparison.Ordinal);
        var rows = await ReservationsOfItemAsync(w.Headsets);
        Assert.DoesNotContain(rows, r => r.Id == w.Future || r.Id == w.Requested);
        Assert.Equal(2, await FreeAsync(w.Headsets, from, to)); // her 2 units free again; Leon still holds his one
        var lent = rows.Single(r => r.Id == w.Lent);
        Assert.Equal((w.Erika.AadObjectId, w.Erika.Name, ReservationStatus.Lent), (lent.UserAadObjectId, lent.UserName, lent.Status));
        foreach (var earlier in rows.Where(r => r.Id == w.Returned || r.Id == w.Cancelled))
        {
            Assert.StartsWith(LendingPersonalData.ErasedPrefix, earlier.UserAadObjectId, StringComparison.Ordinal);
            Assert.Equal(("", "", "", ""), (earlier.UserName, earlier.Purpose, earlier.Reason, earlier.TenantId));
        }
        Assert.NotEqual(rows.Single(r => r.Id == w.Returned).UserAadObjectId, rows.Single(r => r.Id == w.Cancelled).UserAadObjectId);
        Assert.False(await Bot.WithDbAsync(db => db.LendingWatches().AnyAsync(x => x.UserAadObjectId == w.Erika.AadObjectId)));
        var leonAfter = rows.Single(r => r.Id == w.LeonLoan);
        Assert.Equal((leonBefore.UserAadObjectId, leonBefore.UserName, leonBefore.Purpose, leonBefore.Status),
            (leonAfter.UserAadObjectId, leonAfter.UserName, leonAfter.Purpose, leonAfter.Status));
    }

    [Fact]
    public async Task Erase_Twice_SecondRemovesNothingAndChangesNothing()
    {
        var w = await ArrangeAsync();
        await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed");
        var before = await ReservationsOfItemAsync(w.Headsets);

        await using var scope = Bot.App.Services.CreateAsyncScope();
        var lending = scope.ServiceProvider.GetServices<IPersonalData>().OfType<LendingPersonalData>().Single();
        var again = await lending.EraseAsync(new DataSubject(w.Erika.AadObjectId), CancellationToken.None);

        Assert.All(again, k => Assert.Equal(0, k.Removed));
        // The headset she has right now is the only thing still linked to her, and it is said again why.
        Assert.Equal([(LendingPersonalData.Lent, 1, "lentNow")], again.Where(k => k.Kept > 0).Select(k => (k.Kind, k.Kept, k.KeptReason)));
        var after = await ReservationsOfItemAsync(w.Headsets);
        Assert.Equal(before.Select(r => (r.Id, r.UserAadObjectId, r.UserName, r.Status, r.UpdatedAtUtc)),
            after.Select(r => (r.Id, r.UserAadObjectId, r.UserName, r.Status, r.UpdatedAtUtc)));
    }

    [Fact]
    public async Task Erase_LabTeamMember_ColumnsEmptiedRecordsStay()
    {
        var w = await ArrangeAsync();
        var sam = NewPersona("sam", "Sam Labor");
        var blockId = await Bot.WithDbAsync(async db =>
        {
            var r = await db.LendingReservations().SingleAsync(x => x.Id == w.Returned);
            (r.DecidedByAadObjectId, r.HandedOverByAadObjectId, r.ReceivedBackByAadObjectId) = (sam.AadObjectId, sam.AadObjectId, sam.AadObjectId);
            var item = await db.LendingItems().SingleAsync(i => i.Id == w.Headsets);
            item.CreatedByAadObjectId = sam.AadObjectId;
            var block = new MaintenanceBlock
            {
                ItemId = w.Headsets, StartsAtUtc = DateTime.UtcNow.AddDays(-5), ClearedAtUtc = DateTime.UtcNow.AddDays(-1),
                CreatedByAadObjectId = sam.AadObjectId, ClearedByAadObjectId = sam.AadObjectId, CreatedAtUtc = DateTime.UtcNow,
            };
            db.MaintenanceBlocks().Add(block);
            await db.SaveChangesAsync();
            return block.Id;
        });

        var card = await ClickAsync(Bot, sam, "privacy.eraseConfirmed");

        Assert.Contains(Word.De("privacy.kept.lendingTeamStays"), Words(card), StringComparison.Ordinal);
        var returned = (await ReservationsOfItemAsync(w.Headsets)).Single(r => r.Id == w.Returned);
        Assert.Equal(("", "", "", w.Erika.AadObjectId), (returned.DecidedByAadObjectId, returned.HandedOverByAadObjectId, returned.ReceivedBackByAadObjectId, returned.UserAadObjectId));
        var block = await Bot.WithDbAsync(db => db.MaintenanceBlocks().AsNoTracking().SingleAsync(b => b.Id == blockId));
        Assert.Equal(("", ""), (block.CreatedByAadObjectId, block.ClearedByAadObjectId));
        Assert.Equal("", (await Bot.WithDbAsync(db => db.LendingItems().AsNoTracking().SingleAsync(i => i.Id == w.Headsets))).CreatedByAadObjectId);
    }

    // 03:30 in Soest on the given day of June 2031; the run covers that day, which began at 22:00 UTC the day before.
    private static DateTimeOffset Scheduled(int day) => new(2031, 6, day, 1, 30, 0, TimeSpan.Zero);

    private static DateTime DayStart(int day) => new(2031, 6, day - 1, 22, 0, 0, DateTimeKind.Utc);

    private async Task RunPurgeAsync(int day) =>
        Assert.Equal(JobRunOutcome.Completed, await Bot.App.Services.GetRequiredService<JobRun>().RunAsync(PurgeExpiredData.Name, Scheduled(day), CancellationToken.None));

    [Fact]
    public async Task Purge_LendingRecords_Day364KeptDay365DeletedWithCheckLinesStillLentKept()
    {
        var start = DayStart(10);
        var erika = NewPersona("erika", "Mustermann, Erika");
        var item = await ItemAsync(Bot, "Roboter " + Guid.NewGuid().ToString("N")[..8], quantity: 5);
        Task<long> Returned(TimeSpan ago) => ReservationAsync(Bot, item, erika, start - ago - TimeSpan.FromDays(2), start - ago,
            ReservationStatus.Returned, adjust: r => r.ReturnedAtUtc = start - ago);
        var day364 = await Returned(TimeSpan.FromDays(364));
        var day365 = await Returned(TimeSpan.FromDays(365)); // exactly at the cutoff: not older than a year
        var older = await Returned(TimeSpan.FromDays(365) + TimeSpan.FromMinutes(1));
        var cancelled = await ReservationAsync(Bot, item, erika, start.AddDays(-367), start.AddDays(-366), ReservationStatus.Cancelled);
        var noShow = await ReservationAsync(Bot, item, erika, start.AddDays(-367), start.AddDays(-366), ReservationStatus.NoShow);
        var stillLent = await ReservationAsync(Bot, item, erika, start.AddDays(-400), start.AddDays(-399), ReservationStatus.Lent);
        var blockId = await Bot.WithDbAsync(async db =>
        {
            db.LendingCheckLines().Add(new CheckLine { ReservationId = older, Kind = CheckKind.Return, ItemId = item, Expected = 1, Counted = 0, CreatedAtUtc = start.AddDays(-366) });
            db.LendingCheckLines().Add(new CheckLine { ReservationId = day364, Kind = CheckKind.Return, ItemId = item, Expected = 1, Counted = 1, CreatedAtUtc = start.AddDays(-364) });
            var block = new MaintenanceBlock { ItemId = item, StartsAtUtc = start.AddDays(-366), ReservationId = older, Reason = MaintenanceReason.MissingPart, CreatedAtUtc = start.AddDays(-366) };
            db.MaintenanceBlocks().Add(block);
            db.LendingWatches().Add(new LendingWatch { ItemId = item, UserAadObjectId = erika.AadObjectId, FromUtc = start.AddDays(-368), ToUtc = start.AddDays(-366) });
            await db.SaveChangesAsync();
            return block.Id;
        });

        await RunPurgeAsync(10);

        var left = (await ReservationsOfItemAsync(item)).Select(r => r.Id).ToList();
        Assert.Equal([day364, day365, stillLent], left);
        Assert.DoesNotContain(cancelled, left);
        Assert.DoesNotContain(noShow, left);
        Assert.False(await Bot.WithDbAsync(db => db.LendingCheckLines().AnyAsync(l => l.ReservationId == older)));
        Assert.True(await Bot.WithDbAsync(db => db.LendingCheckLines().AnyAsync(l => l.ReservationId == day364)));
        // The block stays (it still blocks until the lab team clears it); only its link to the deleted loan goes.
        Assert.Null((await Bot.WithDbAsync(db => db.MaintenanceBlocks().AsNoTracking().SingleAsync(b => b.Id == blockId))).ReservationId);
        Assert.False(await Bot.WithDbAsync(db => db.LendingWatches().AnyAsync(x => x.UserAadObjectId == erika.AadObjectId)));
        Assert.Contains(Bot.Logs.Lines, l => l.Contains("Retention Lending:", StringComparison.Ordinal) && l.Contains("kept 365 days", StringComparison.Ordinal));
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains(erika.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Purge_Purposes_Day89KeptDay90EmptiedRecordAndLentLoanKeepTheirs()
    {
        var start = DayStart(12);
        var erika = NewPersona("erika", "Mustermann, Erika");
        var item = await ItemAsync(Bot, "Sensorkit " + Guid.NewGuid().ToString("N")[..8], quantity: 5);
        Task<long> Ended(TimeSpan ago, ReservationStatus status = ReservationStatus.Returned) => ReservationAsync(Bot, item, erika,
            start - ago - TimeSpan.FromDays(1), start - ago, status, adjust: r => r.ReturnedAtUtc = status == ReservationStatus.Returned ? start - ago : null);
        var day89 = await Ended(TimeSpan.FromDays(89));
        var day90 = await Ended(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));
        var declined = await Ended(TimeSpan.FromDays(120), ReservationStatus.Declined);
        var lent = await Ended(TimeSpan.FromDays(120), ReservationStatus.Lent);

        await RunPurgeAsync(12);

        var rows = (await ReservationsOfItemAsync(item)).ToDictionary(r => r.Id, r => r.Purpose);
        Assert.Equal(new Dictionary<long, string>
        {
            [day89] = "Workshop im Bürgerbüro",
            [day90] = "",
            [declined] = "",
            [lent] = "Workshop im Bürgerbüro",
        }, rows);
    }
}

/// <summary>Without a dispatcher, so the purge and the erase see the outbox as the test left it.</summary>
public abstract class RecordsPrivacyBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" };
}

public sealed class RecordsPrivacySqliteBot : RecordsPrivacyBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class RecordsPrivacyPostgresBot : RecordsPrivacyBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class RecordsPrivacyTests_Sqlite(RecordsPrivacySqliteBot bot) : RecordsPrivacyTests<RecordsPrivacySqliteBot>(bot), IClassFixture<RecordsPrivacySqliteBot>;

public sealed class RecordsPrivacyTests_Postgres(RecordsPrivacyPostgresBot bot) : RecordsPrivacyTests<RecordsPrivacyPostgresBot>(bot), IClassFixture<RecordsPrivacyPostgresBot>;
