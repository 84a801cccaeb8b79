using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Records;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// "meine daten" and the retention of ideas, over HTTP on SQLite and PostgreSQL: Erika from the Ordnungsamt with a
/// named and an anonymous idea and a support sees, downloads and erases them: the ideas stay but name nobody, her
/// support goes with its count. A Lotse's traces (history, assignment, directory entry) lose the name. The purge
/// deletes closed ideas three years after closing with everything attached, never an open one.
/// </summary>
public abstract class RecordsMyDataTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    // Fresh people per test: the ideas database is shared by the collection, and counts must be hers alone.
    private static Persona NewPersona(string id, string name) => new($"29:{id}-{Guid.NewGuid():N}", Guid.NewGuid().ToString(), name);

    private sealed record World(Persona Erika, Persona Leon, Persona Lotse, long Named, long Anonymous, long Supported);

    private async Task<World> ArrangeAsync()
    {
        var erika = NewPersona("erika", "Mustermann, Erika");
        var leon = NewPersona("leon", "Krämer, Leon");
        var lotse = NewPersona("jonas", "Lotse, Jonas");
        var named = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Parkausweise online"), erika, IdeaStatus.InReview);
        var anonymous = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Tablets im Außendienst"), erika, anonymous: true);
        var supported = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("WLAN im Altbau"), leon);
        await IdeaSeed.SupportAsync(Bot, supported, erika);
        await IdeaSeed.SupportAsync(Bot, supported, lotse);
        await Bot.WithDbAsync(async db =>
        {
            var idea = await db.Ideas().SingleAsync(i => i.Id == named);
            idea.AssignedAadObjectId = lotse.AadObjectId;
            idea.AssignedName = lotse.Name;
            db.IdeaEvents().AddRange(
                new IdeaEvent { IdeaId = named, Kind = IdeaEventKind.Assigned, ActorAadObjectId = lotse.AadObjectId, ActorName = lotse.Name, AssigneeAadObjectId = lotse.AadObjectId, AssigneeName = lotse.Name, CreatedAtUtc = DateTime.UtcNow },
                new IdeaEvent { IdeaId = named, Kind = IdeaEventKind.Comment, Public = false, Text = "Mit der IT klären", ActorAadObjectId = lotse.AadObjectId, ActorName = lotse.Name, CreatedAtUtc = DateTime.UtcNow },
                new IdeaEvent { IdeaId = anonymous, Kind = IdeaEventKind.Comment, Public = true, Text = "Wir prüfen das", ActorAadObjectId = lotse.AadObjectId, ActorName = lotse.Name, CreatedAtUtc = DateTime.UtcNow });
            db.IdeaLotsen().Add(new IdeaLotse { UserAadObjectId = lotse.AadObjectId, TenantId = BotFixture.TenantId, Name = lotse.Name, LastSeenAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        return new World(erika, leon, lotse, named, anonymous, supported);
    }

    private static string What(string kind) => Word.De($"privacy.data.{kind}.what");

    private static string CountOf(JsonObject card, string what) =>
        Walk(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Container" && o["items"]?[0]?["text"]?.GetValue<string>() == what)
            .Select(o => o["items"]![1]!["facts"]![0]!["value"]!.GetValue<string>())
            .Single();

    private static IEnumerable<JsonNode> Walk(JsonNode? node) => node switch
    {
        null => [],
        JsonObject o => new[] { node }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => new[] { node }.Concat(a.SelectMany(Walk)),
        _ => [node],
    };

    private async Task<JsonNode> DownloadAsync(Persona p)
    {
        var link = Walk(await ClickAsync(Bot, p, "privacy.myData")).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "Action.OpenUrl")
            .Select(o => new Uri(o["url"]!.GetValue<string>()).PathAndQuery)
            .Single(u => u.EndsWith(".json", StringComparison.Ordinal));
        return JsonNode.Parse(await Bot.Http.GetStringAsync(link))!;
    }

    private static JsonArray Records(JsonNode download, string kind) =>
        download["kinds"]!.AsArray().Single(k => k!["kind"]!.GetValue<string>() == kind)!["records"]!.AsArray();

    private static string Text(JsonNode document) =>
        string.Join("\n", Walk(document).OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>()));

    [Fact]
    public async Task MyData_ErikaWithTwoIdeasAndASupport_CardCountsEachKindWithThreeYears()
    {
        var w = await ArrangeAsync();

        var card = await ClickAsync(Bot, w.Erika, "privacy.myData");
        var lotse = await ClickAsync(Bot, w.Lotse, "privacy.myData");

        Assert.Equal("2", CountOf(card, What(IdeasPersonalData.Mine)));
        Assert.Equal("1", CountOf(card, What(IdeasPersonalData.Supports)));
        Assert.Contains(Word.De("privacy.data.ideasMine.howLong", Word.De("time.year.other", 3)), Words(card), StringComparison.Ordinal);
        // Assigned (as actor and assignee), a comment on each idea, looking after one, the directory entry.
        Assert.Equal("6", CountOf(lotse, What(IdeasPersonalData.LotseWork)));
    }

    [Fact]
    public async Task Download_ErikaAndTheLotse_EachOnlyTheirOwn()
    {
        var w = await ArrangeAsync();

        var hers = await DownloadAsync(w.Erika);
        var his = await DownloadAsync(w.Lotse);

        var mine = Records(hers, IdeasPersonalData.Mine);
        Assert.Equal(2, mine.Count);
        Assert.Equal([false, true], mine.Select(r => r!["anonymous"]!.GetValue<bool>()).Order());
        Assert.Equal([w.Supported], Records(hers, IdeasPersonalData.Supports).Select(r => r!["idea"]!.GetValue<long>()));
        Assert.DoesNotContain(w.Leon.AadObjectId, Text(hers), StringComparison.Ordinal);
        Assert.DoesNotContain(w.Lotse.AadObjectId, Text(hers), StringComparison.Ordinal);
        Assert.DoesNotContain("Mit der IT klären", Text(hers), StringComparison.Ordinal);
        var work = Records(his, IdeasPersonalData.LotseWork);
        Assert.Contains(work, r => r!["comment"]?.GetValue<string>() == "Mit der IT klären");
        Assert.Contains(work, r => r!["action"]!.GetValue<string>() == "lotsenDirectory");
        var text = Text(his);
        Assert.DoesNotContain(w.Erika.AadObjectId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Mustermann", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_Erika_IdeasKeptNamingNobodySupportGoneWithItsCountTwiceNothing()
    {
        var w = await ArrangeAsync();
        var versionBefore = (await IdeaSeed.LoadAsync(Bot, w.Named)).Version;

        var card = await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed");
        var again = await ClickAsync(Bot, w.Erika, "privacy.eraseConfirmed");

        Assert.Contains(Word.De("privacy.kept.ideasAnonymous"), Words(card), StringComparison.Ordinal);
        var (named, anonymous, supported) = (await IdeaSeed.LoadAsync(Bot, w.Named), await IdeaSeed.LoadAsync(Bot, w.Anonymous), await IdeaSeed.LoadAsync(Bot, w.Supported));
        Assert.True(named.Anonymous);
        Assert.True(anonymous.Anonymous);
        Assert.True(named.Version > versionBefore);
        Assert.Equal(1, supported.SupportCount);
        var (authors, supports, leonsAuthor) = await Bot.WithDbAsync(async db => (
            await db.IdeaAuthors().CountAsync(a => a.UserAadObjectId == w.Erika.AadObjectId),
            await db.IdeaSupports().CountAsync(s => s.UserAadObjectId == w.Erika.AadObjectId),
            await db.IdeaAuthors().CountAsync(a => a.UserAadObjectId == w.Leon.AadObjectId)));
        Assert.Equal((0, 0, 1), (authors, supports, leonsAuthor));
        Assert.DoesNotContain(Word.De("privacy.kept.ideasAnonymous"), Words(again), StringComparison.Ordinal);
        // Listed among the kinds with nothing stored.
        Assert.Contains("• " + What(IdeasPersonalData.Mine), Words(await ClickAsync(Bot, w.Erika, "privacy.myData")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_Lotse_HistoryKeptWithoutNameAssignmentClearedDirectoryEntryGone()
    {
        var w = await ArrangeAsync();

        var card = await ClickAsync(Bot, w.Lotse, "privacy.eraseConfirmed");

        Assert.Contains(Word.De("privacy.kept.ideasLotseStays"), Words(card), StringComparison.Ordinal);
        var named = await IdeaSeed.LoadAsync(Bot, w.Named);
        Assert.Equal((null, null), (named.AssignedAadObjectId, named.AssignedName));
        Assert.False(named.Anonymous);
        var events = (await IdeaSeed.EventsAsync(Bot, w.Named)).Concat(await IdeaSeed.EventsAsync(Bot, w.Anonymous)).ToList();
        Assert.Equal(5, events.Count);
        Assert.All(events, e => Assert.Equal((null, "", null, ""), (e.ActorAadObjectId, e.ActorName, e.AssigneeAadObjectId, e.AssigneeName)));
        Assert.Contains(events, e => e.Text == "Mit der IT klären");
        Assert.False(await Bot.WithDbAsync(db => db.IdeaLotsen().AnyAsync(l => l.UserAadObjectId == w.Lotse.AadObjectId)));
        Assert.Equal(1, (await IdeaSeed.LoadAsync(Bot, w.Supported)).SupportCount);
    }

    [Fact]
    public async Task Purge_ClosedIdeas_ThreeYearsAfterClosingGoneWithEverythingOpenOnesNever()
    {
        var now = DateTime.UtcNow;
        var erika = NewPersona("erika", "Mustermann, Erika");
        var leon = NewPersona("leon", "Krämer, Leon");
        Task<long> Closed(IdeaStatus status, TimeSpan ago) => IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Alt"), erika, status, daysAgo: 2000,
            adjust: i => i.ClosedAtUtc = now - ago);
        var expired = await Closed(IdeaStatus.Done, TimeSpan.FromDays(3 * 365) + TimeSpan.FromDays(1));
        var rejected = await Closed(IdeaStatus.Rejected, TimeSpan.FromDays(3 * 365) + TimeSpan.FromDays(1));
        var recent = await Closed(IdeaStatus.Done, TimeSpan.FromDays(3 * 365) - TimeSpan.FromDays(1));
        var open = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Uralt und offen"), erika, IdeaStatus.InReview, daysAgo: 3000);
        await IdeaSeed.SupportAsync(Bot, expired, leon);
        var (stale, seen) = (NewPersona("alt", "Alte Lotsin"), NewPersona("neu", "Neuer Lotse"));
        await Bot.WithDbAsync(db =>
        {
            db.IdeaLotsen().Add(new IdeaLotse { UserAadObjectId = stale.AadObjectId, Name = stale.Name, LastSeenAtUtc = now.AddDays(-3 * 365 - 1) });
            db.IdeaLotsen().Add(new IdeaLotse { UserAadObjectId = seen.AadObjectId, Name = seen.Name, LastSeenAtUtc = now.AddDays(-3 * 365 + 1) });
            return db.SaveChangesAsync();
        });

        await using (var scope = Bot.App.Services.CreateAsyncScope())
        {
            var policies = scope.ServiceProvider.GetServices<IRetentionPolicy>().ToList();
            var policy = Assert.Single(policies.OfType<PurgeIdeas>());
            var days = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PrivacyOptions>>().Value.DaysFor(policy);
            Assert.Equal(3 * 365, days);
            await policy.PurgeAsync(now.AddDays(-days), CancellationToken.None);
        }

        var left = await Bot.WithDbAsync(db => db.Ideas().Where(i => new[] { expired, rejected, recent, open }.Contains(i.Id)).Select(i => i.Id).ToListAsync());
        Assert.Equal([recent, open], left.Order());
        var orphans = await Bot.WithDbAsync(async db => (
            await db.IdeaAuthors().CountAsync(a => a.IdeaId == expired || a.IdeaId == rejected),
            await db.IdeaSupports().CountAsync(s => s.IdeaId == expired),
            await db.IdeaEvents().CountAsync(e => e.IdeaId == expired || e.IdeaId == rejected)));
        Assert.Equal((0, 0, 0), orphans);
        Assert.Equal([seen.AadObjectId], await Bot.WithDbAsync(db => db.IdeaLotsen()
            .Where(l => l.UserAadObjectId == stale.AadObjectId || l.UserAadObjectId == seen.AadObjectId).Select(l => l.UserAadObjectId).ToListAsync()));
    }

    [Fact]
    public async Task Notice_Datenschutz_ListsIdeasWithThreeYears()
    {
        var card = await ClickAsync(Bot, NewPersona("erika", "Mustermann, Erika"), "privacy.notice");

        Assert.Contains(Word.De("privacy.kinds.ideas.howLong", Word.De("time.year.other", 3)), Words(card), StringComparison.Ordinal);
    }
}

[Collection(IdeasCollections.Sqlite)]
public sealed class RecordsMyDataTests_Sqlite(SqliteIdeasBot bot) : RecordsMyDataTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class RecordsMyDataTests_Postgres(PostgresIdeasBot bot) : RecordsMyDataTests<PostgresIdeasBot>(bot);
