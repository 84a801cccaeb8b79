using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;

namespace StadtLabor.Bot.IntegrationTests.Pages.Ideas;

/// <summary>
/// The Lotsen's ideas pages over HTTP: the board's columns and filters, the bulk changes (each idea through the triage
/// card's own use case), the idea page's assignment, status with reason and comments, the deadline view, anonymity,
/// and the role gate. Each test makes its own ideas under a tag of its own and looks only at them (the database is
/// shared by all page tests).
/// </summary>
public abstract class IdeaPagesTests<TBot>(TBot bot) where TBot : PagesBot
{
    private readonly bool _available = PagesBot.Available(bot);

    protected TBot Bot { get; } = bot;

    [Fact]
    public async Task Board_IdeasOfEachStatus_InTheirColumnInTheCardsOrder()
    {
        var tag = Tag();
        var submitted = await SeedAsync("Formulare digital", tag, daysAgo: 20, department: "Ordnungsamt", assigned: Activities.Lotsin);
        var review = await SeedAsync("Terminbuchung online", tag, IdeaStatus.InReview);
        var done = await SeedAsync("E-Akte im Bauamt", tag, IdeaStatus.Done);
        using var jonas = await Bot.SignInAsync(Activities.Lotse);

        var page = await jonas.GetAsync("/ideen?tag=" + tag);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["submitted", "inReview", "accepted", "done", "rejected", "merged"],
            page.Document.QuerySelectorAll(".ideas-board > section h2").Select(h => h.Id!["col-".Length..]).ToArray());
        Assert.Equal([submitted], IdsIn(page, "submitted"));
        Assert.Equal([review], IdsIn(page, "inReview"));
        Assert.Equal([done], IdsIn(page, "done"));
        var card = Card(page, submitted);
        Assert.Contains("Ordnungsamt", card.TextContent, StringComparison.Ordinal);
        Assert.Contains(tag, card.TextContent, StringComparison.Ordinal);
        Assert.Contains(Activities.Lotsin.Name, card.TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.QuerySelector(".overdue-marker"));
        Assert.Null(Card(page, review).QuerySelector(".overdue-marker"));
        Assert.Contains(Word.De("pages.ideas.card.ageToday"), Card(page, review).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_EachFilter_NarrowsAndTheyCombine_UnknownValuesIgnored()
    {
        var tag = Tag();
        var other = Tag();
        var old = await SeedAsync("Alte Idee vom Amt", tag, daysAgo: 20, department: "Ordnungsamt", assigned: Activities.Lotse);
        var fresh = await SeedAsync("Frische Idee Bau", tag, department: "Bauamt");
        var forAll = await SeedAsync("Für alle gedacht", tag, daysAgo: 1, assigned: Activities.Lotsin);
        var tagged = await SeedAsync("Zwei Tags", tag + "," + other, daysAgo: 14, department: "Ordnungsamt");
        using var jonas = await Bot.SignInAsync(Activities.Lotse);

        async Task<long[]> ShownAsync(string query) => IdsOnBoard(await jonas.GetAsync("/ideen?tag=" + tag + query), [old, fresh, forAll, tagged]);

        Assert.Equal([old, fresh, forAll, tagged], await ShownAsync(""));
        Assert.Equal([tagged], IdsOnBoard(await jonas.GetAsync("/ideen?tag=" + other), [old, fresh, forAll, tagged]));
        Assert.Equal([old, tagged], await ShownAsync("&bereich=Ordnungsamt"));
        Assert.Equal([forAll], await ShownAsync("&bereich=alle"));
        Assert.Equal([fresh, tagged], await ShownAsync("&lotse=niemand"));
        Assert.Equal([old], await ShownAsync("&lotse=" + Activities.Lotse.AadObjectId));
        Assert.Equal([old, tagged], await ShownAsync("&alter=5"));
        Assert.Equal([tagged], await ShownAsync("&bereich=Ordnungsamt&lotse=niemand&alter=2"));
        Assert.Equal([old, fresh, forAll, tagged], await ShownAsync("&bereich=Mond&lotse=jemand&alter=7"));

        var filtered = await jonas.GetAsync("/ideen?tag=" + tag + "&bereich=Ordnungsamt&lotse=niemand&alter=7");
        Assert.Equal("Ordnungsamt", filtered.Document.QuerySelector("#filter-department option[selected]")!.GetAttribute("value"));
        Assert.Equal("niemand", filtered.Document.QuerySelector("#filter-lotse option[selected]")!.GetAttribute("value"));
        Assert.Null(filtered.Document.QuerySelector("#filter-age option[selected]"));
    }

    [Fact]
    public async Task Idea_AssignThenStatusWithoutAndWithReason_ErrorChangesNothing_ThenRejectedAndSubmitterTold()
    {
        var author = TrainingSeed.Colleague(14401);
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Parkausweise online"), author);
        await MiaKnownAsync();
        using var jonas = await Bot.SignInAsync(Activities.Lotse);

        var page = await jonas.GetAsync($"/ideen/{id}");
        var assigned = await jonas.SubmitAsync(page, "#assign-form", [new("an", Activities.Lotsin.AadObjectId)]);
        Assert.Equal(Word.De("ideasTriage.done.assigned", id, Activities.Lotsin.Name), assigned.Notice);
        Assert.Equal(Activities.Lotsin.AadObjectId, (await IdeaSeed.LoadAsync(Bot, id)).AssignedAadObjectId);

        var eventsBefore = (await IdeaSeed.EventsAsync(Bot, id)).Count;
        var refused = await jonas.SubmitAsync(assigned, "#status-form", [new("status", "rejected"), new("begruendung", "  ")]);
        Assert.Equal([Word.De("ideasTriage.show.reasonError")], refused.Errors);
        Assert.Equal("true", refused.Document.QuerySelector("#status-reason")!.GetAttribute("aria-invalid"));
        Assert.Equal(IdeaStatus.Submitted, (await IdeaSeed.LoadAsync(Bot, id)).Status);
        Assert.Equal(eventsBefore, (await IdeaSeed.EventsAsync(Bot, id)).Count);

        var rejected = await jonas.SubmitAsync(refused, "#status-form", [new("status", "rejected"), new("begruendung", "Das gibt es schon im Bürgerportal.")]);
        Assert.Equal(Word.De("ideasTriage.done.status", id, Word.De("ideas.status.rejected")), rejected.Notice);
        var idea = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal(IdeaStatus.Rejected, idea.Status);
        var change = (await IdeaSeed.EventsAsync(Bot, id)).Last();
        Assert.Equal(("Das gibt es schon im Bürgerportal.", Activities.Lotse.Name), (change.Text, change.ActorName));
        Assert.Equal([author.AadObjectId], (await NoticesAsync(change.Id)).Select(m => m.UserAadObjectId!));
        Assert.Contains("Das gibt es schon im Bürgerportal.", rejected.Document.QuerySelector(".idea-history")!.TextContent, StringComparison.Ordinal);
        Assert.Null(rejected.Document.QuerySelector("#status-form"));
    }

    [Fact]
    public async Task Idea_InternalAndPublicComment_OnlyThePublicOneReachesTheSubmitter()
    {
        var author = TrainingSeed.Colleague(14402);
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Dienstfahrräder"), author);
        using var jonas = await Bot.SignInAsync(Activities.Lotse);
        var page = await jonas.GetAsync($"/ideen/{id}");

        var empty = await jonas.SubmitAsync(page, "#comment-form", [new("text", ""), new("sichtbarkeit", "public")]);
        Assert.Equal([Word.De("ideasTriage.show.commentError")], empty.Errors);

        var note = await jonas.SubmitAsync(page, "#comment-form", [new("text", "Mit dem Fuhrpark klären."), new("sichtbarkeit", "internal")]);
        Assert.Equal(Word.De("ideasTriage.done.commentInternal"), note.Notice);
        var internalEvent = (await IdeaSeed.EventsAsync(Bot, id)).Last();
        Assert.False(internalEvent.Public);
        Assert.Empty(await NoticesAsync(internalEvent.Id));
        Assert.Null((await IdeaSeed.LoadAsync(Bot, id)).FirstPublicAnswerAtUtc);

        var answer = await jonas.SubmitAsync(note, "#comment-form", [new("text", "Wir prüfen das mit dem Fuhrpark."), new("sichtbarkeit", "public")]);
        Assert.Equal(Word.De("ideasTriage.done.commentPublic"), answer.Notice);
        var publicEvent = (await IdeaSeed.EventsAsync(Bot, id)).Last();
        Assert.True(publicEvent.Public);
        Assert.Equal([author.AadObjectId], (await NoticesAsync(publicEvent.Id)).Select(m => m.UserAadObjectId!));
        Assert.NotNull((await IdeaSeed.LoadAsync(Bot, id)).FirstPublicAnswerAtUtc);
        var history = answer.Document.QuerySelector(".idea-history")!.TextContent;
        Assert.Contains(Word.De("ideasTriage.history.commentInternal", Activities.Lotse.Name, "Mit dem Fuhrpark klären."), history, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.history.commentPublic", Activities.Lotse.Name, "Wir prüfen das mit dem Fuhrpark."), history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_BulkStatusOverThreeWithOneStale_TwoChangedAndTold_TheStaleOneReported()
    {
        var tag = Tag();
        var authors = new[] { TrainingSeed.Colleague(14411), TrainingSeed.Colleague(14412), TrainingSeed.Colleague(14413) };
        var ids = new List<long>();
        foreach (var (author, n) in authors.Select((a, n) => (a, n)))
            ids.Add(await SeedAsync($"Sammelidee {n}", tag, author: author));
        using var jonas = await Bot.SignInAsync(Activities.Lotse);
        var board = await jonas.GetAsync("/ideen?tag=" + tag);
        var picks = ids.Select(id => new KeyValuePair<string, string>("idee", Card(board, id).QuerySelector("input[name=idee]")!.GetAttribute("value")!)).ToList();

        var missingReason = await jonas.SubmitAsync(board, "#bulk", [.. picks, new("status", "rejected"), new("begruendung", "")], ("aktion", "status"));
        Assert.Equal([Word.De("ideasTriage.show.reasonError")], missingReason.Errors);
        Assert.All(ids, id => Assert.Equal("checked", Card(missingReason, id).QuerySelector("input[name=idee]")!.GetAttribute("checked")));
        Assert.All(await Task.WhenAll(ids.Select(id => IdeaSeed.LoadAsync(Bot, id))), i => Assert.Equal(IdeaStatus.Submitted, i.Status));

        // Mia changed the second idea after Jonas opened the board: his board's version of it is old.
        await Bot.WithDbAsync(db => db.Ideas().Where(i => i.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(i => i.Version, i => i.Version + 1)));
        var after = await jonas.SubmitAsync(board, "#bulk", [.. picks, new("status", "inReview")], ("aktion", "status"));

        Assert.Equal("/ideen", after.Path);
        Assert.Equal("?tag=" + tag, after.Query);
        Assert.Equal(Word.De("pages.ideas.bulk.summary", 2, 3), after.Notice);
        var statuses = (await Task.WhenAll(ids.Select(id => IdeaSeed.LoadAsync(Bot, id)))).Select(i => i.Status).ToArray();
        Assert.Equal([IdeaStatus.InReview, IdeaStatus.Submitted, IdeaStatus.InReview], statuses);
        var report = after.Document.QuerySelectorAll(".bulk-report li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(3, report.Count);
        Assert.Equal(Word.De("pages.ideas.bulk.line", ids[1], Word.De("ideasTriage.stale.someone")), report[1]);
        Assert.Equal(Word.De("pages.ideas.bulk.line", ids[0], Word.De("ideasTriage.done.status", ids[0], Word.De("ideas.status.inReview"))), report[0]);
        foreach (var (id, author) in new[] { (ids[0], authors[0]), (ids[2], authors[2]) })
        {
            var change = (await IdeaSeed.EventsAsync(Bot, id)).Last();
            Assert.Equal([author.AadObjectId], (await NoticesAsync(change.Id)).Select(m => m.UserAadObjectId!));
        }
        Assert.DoesNotContain(await IdeaSeed.EventsAsync(Bot, ids[1]), e => e.Kind == IdeaEventKind.StatusChanged);
        Assert.Equal([ids[0], ids[2]], IdsIn(after, "inReview"));
    }

    [Fact]
    public async Task Board_BulkAssignWithAnIdeaThatIsGone_OthersAssigned()
    {
        var tag = Tag();
        var first = await SeedAsync("Zuweisen eins", tag);
        var second = await SeedAsync("Zuweisen zwei", tag);
        await MiaKnownAsync();
        using var jonas = await Bot.SignInAsync(Activities.Lotse);
        var board = await jonas.GetAsync("/ideen?tag=" + tag);

        var after = await jonas.SubmitAsync(board, "#bulk",
            [new("idee", $"{first}:{(await IdeaSeed.LoadAsync(Bot, first)).Version}"), new("idee", "999999999:0"), new("idee", $"{second}:{(await IdeaSeed.LoadAsync(Bot, second)).Version}"),
             new("an", Activities.Lotsin.AadObjectId)], ("aktion", "zuweisen"));

        Assert.Equal(Word.De("pages.ideas.bulk.summary", 2, 3), after.Notice);
        Assert.Contains(Word.De("pages.ideas.bulk.line", 999999999, Word.De("pages.ideas.bulk.gone")), after.Document.QuerySelector(".bulk-report")!.TextContent, StringComparison.Ordinal);
        Assert.All(await Task.WhenAll(new[] { first, second }.Select(id => IdeaSeed.LoadAsync(Bot, id))), i => Assert.Equal(Activities.Lotsin.AadObjectId, i.AssignedAadObjectId));
    }

    [Fact]
    public async Task Deadlines_WaitingIdeas_ByDueDayOverdueFirst_WithEscalationStep_AnsweredLeftOut()
    {
        var title = IdeaSeed.Unique("Frist");
        var soon = await IdeaSeed.IdeaAsync(Bot, title + " neu", Activities.Erika);
        var oldest = await IdeaSeed.IdeaAsync(Bot, title + " älteste", Activities.Erika, daysAgo: 20, adjust: i => i.EscalationLevel = 2);
        var older = await IdeaSeed.IdeaAsync(Bot, title + " ältere", Activities.Erika, IdeaStatus.InReview, daysAgo: 12);
        var answered = await IdeaSeed.IdeaAsync(Bot, title + " beantwortet", Activities.Erika, daysAgo: 30, adjust: i => i.FirstPublicAnswerAtUtc = DateTime.UtcNow);
        var closed = await IdeaSeed.IdeaAsync(Bot, title + " abgelehnt", Activities.Erika, IdeaStatus.Rejected, daysAgo: 30);
        using var jonas = await Bot.SignInAsync(Activities.Lotse);

        var page = await jonas.GetAsync("/ideen/fristen");

        var rows = page.Document.QuerySelectorAll("table.deadlines tbody tr")
            .Where(r => r.TextContent.Contains(title, StringComparison.Ordinal)).ToList();
        Assert.Equal([oldest, older, soon], rows.Select(RowId));
        Assert.DoesNotContain(rows, r => RowId(r) == answered || RowId(r) == closed);
        Assert.Equal([true, true, false], rows.Select(r => r.QuerySelector(".overdue-marker") is not null));
        Assert.Equal(Word.De("pages.ideas.deadlines.level2"), rows[0].Children[^1].TextContent.Trim());
        Assert.Equal(Word.De("pages.ideas.deadlines.level0"), rows[1].Children[^1].TextContent.Trim());
    }

    [Fact]
    public async Task AnonymousIdea_AuthorNameAndObjectId_OnNoPage()
    {
        var tag = Tag();
        var secret = TrainingSeed.Colleague(14420);
        var anonymous = await SeedAsync("Anonyme Idee", tag, author: secret, anonymous: true, daysAgo: 10);
        var named = await SeedAsync("Idee mit Namen", tag, author: TrainingSeed.Colleague(14421));
        // As if a name had been stored for the anonymous author anyway (an old row, a bug elsewhere), and the same person
        // came with a merge into a named idea: no page may read it.
        await Bot.WithDbAsync(async db =>
        {
            await db.IdeaAuthors().Where(a => a.IdeaId == anonymous).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, secret.Name));
            db.IdeaAuthors().Add(new IdeaAuthor
            {
                IdeaId = named, OriginalIdeaId = anonymous, UserAadObjectId = secret.AadObjectId, TenantId = BotFixture.TenantId,
                Name = secret.Name, Anonymous = true, CreatedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        using var jonas = await Bot.SignInAsync(Activities.Lotse);

        var pages = new List<PageResult>();
        foreach (var path in new[] { "/ideen", "/ideen?tag=" + tag, $"/ideen/{anonymous}", $"/ideen/{named}", "/ideen/fristen" })
            pages.Add(await jonas.GetAsync(path));
        var comment = await jonas.SubmitAsync(pages[2], "#comment-form", [new("text", "Danke!"), new("sichtbarkeit", "public")]);
        pages.Add(comment);

        Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        foreach (var p in pages)
        {
            Assert.DoesNotContain(secret.Name, p.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret.AadObjectId, p.Html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(Word.De("ideas.channel.anonymous"), pages[2].Document.QuerySelector(".idea-details")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(TrainingSeed.Colleague(14421).Name, pages[3].Document.QuerySelector(".idea-details")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erika_EveryIdeasRouteAndPost_403AndNothingChanges_InnovationMayOpen()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Nur für Lotsen"), Activities.Lotse);
        using var erika = await Bot.SignInAsync(Activities.Erika);
        // A valid anti-forgery token of her own session: the refusal must come from the role, not from a missing token.
        var own = await erika.GetAsync("/abgemeldet");
        var token = own.Document.QuerySelector("input[name=__af]")!.GetAttribute("value")!;

        foreach (var path in new[] { "/ideen", "/ideen?tag=x", "/ideen/fristen", $"/ideen/{id}" })
            Assert.Equal(HttpStatusCode.Forbidden, (await erika.GetAsync(path)).Status);
        var posts = new (string Path, KeyValuePair<string, string>[] Fields)[]
        {
            ("/ideen", [new("idee", $"{id}:0"), new("an", Activities.Erika.AadObjectId), new("aktion", "zuweisen")]),
            ("/ideen", [new("idee", $"{id}:0"), new("status", "rejected"), new("begruendung", "x"), new("aktion", "status")]),
            ($"/ideen/{id}?handler=Assign", [new("version", "0"), new("an", Activities.Erika.AadObjectId)]),
            ($"/ideen/{id}?handler=Status", [new("version", "0"), new("status", "rejected"), new("begruendung", "x")]),
            ($"/ideen/{id}?handler=Comment", [new("text", "x"), new("sichtbarkeit", "public")]),
        };
        foreach (var (path, fields) in posts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([.. fields, new("__af", token)]) };
            using var response = await erika.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var idea = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal((IdeaStatus.Submitted, (string?)null, 0), (idea.Status, idea.AssignedAadObjectId, idea.Version));
        Assert.Single(await IdeaSeed.EventsAsync(Bot, id));

        using var ines = await Bot.SignInAsync(Activities.Innovation);
        Assert.Equal(HttpStatusCode.OK, (await ines.GetAsync($"/ideen/{id}")).Status);
    }

    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..8];

    private Task<long> SeedAsync(string title, string tags, IdeaStatus status = IdeaStatus.Submitted, int daysAgo = 0, string department = "",
        Activities.Persona? assigned = null, Activities.Persona? author = null, bool anonymous = false) =>
        IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique(title), author ?? Activities.Erika, status, anonymous, department: department, daysAgo: daysAgo,
            adjust: i =>
            {
                i.Tags = tags;
                i.AssignedAadObjectId = assigned?.AadObjectId;
                i.AssignedName = assigned?.Name;
            });

    /// <summary>Mia in the Lotsen directory (as after her first Lotsen card or page), so she can be assigned by name.</summary>
    private Task<int> MiaKnownAsync() =>
        Bot.WithDbAsync(async db =>
        {
            if (await db.IdeaLotsen().AnyAsync(l => l.UserAadObjectId == Activities.Lotsin.AadObjectId)) return 0;
            db.IdeaLotsen().Add(new IdeaLotse { UserAadObjectId = Activities.Lotsin.AadObjectId, TenantId = BotFixture.TenantId, Name = Activities.Lotsin.Name, LastSeenAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

    private Task<List<OutboxMessage>> NoticesAsync(long eventId) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith($"ideas.notice:{eventId}:")).ToListAsync());

    private static IElement Card(PageResult page, long id) =>
        page.Document.QuerySelector($"a[href='/ideen/{id}']")?.Closest("li") ?? throw new InvalidOperationException($"#{id} is not on the board");

    private static long[] IdsIn(PageResult page, string status) =>
        [.. page.Document.QuerySelectorAll($"ul[data-column='col-{status}'] a.idea-title").Select(a => long.Parse(a.GetAttribute("href")!["/ideen/".Length..], System.Globalization.CultureInfo.InvariantCulture))];

    private static long[] IdsOnBoard(PageResult page, long[] mine) =>
        [.. mine.Where(id => page.Document.QuerySelector($".ideas-board a[href='/ideen/{id}']") is not null)];

    private static long RowId(IElement row) =>
        long.Parse(row.QuerySelector("a")!.GetAttribute("href")!["/ideen/".Length..], System.Globalization.CultureInfo.InvariantCulture);
}

[Collection(PagesCollections.Sqlite)]
public sealed class IdeaPagesTests_Sqlite(SqlitePagesBot bot) : IdeaPagesTests<SqlitePagesBot>(bot);

[Collection(PagesCollections.Postgres)]
public sealed class IdeaPagesTests_Postgres(PostgresPagesBot bot) : IdeaPagesTests<PostgresPagesBot>(bot);
