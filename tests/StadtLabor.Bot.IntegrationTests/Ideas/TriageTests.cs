using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// The Lotsen's side, part one: the list (oldest first, due day, overdue), the triage card (anonymous stays
/// anonymous), assigning (to me, to Mia, twice, two Lotsen at once), the channel card's buttons, who may do it, and
/// payloads that were tampered with.
/// </summary>
public abstract class TriageTests<TBot>(TBot fixture) : TriageTestsBase<TBot>(fixture) where TBot : BotFixture
{
    private static readonly Persona Paul = TrainingSeed.Colleague(7301);

    [Fact]
    public async Task Queue_OpenIdeas_OldestFirstWithDueDayAndOverdue()
    {
        var older = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Aktenplan digital"), Erika, daysAgo: 30);
        var newer = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Dienstwagen online buchen"), Erika, IdeaStatus.InReview, daysAgo: 1);
        var done = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Drucker im Flur"), Erika, IdeaStatus.Done, daysAgo: 40);

        var rows = new List<JsonObject>();
        for (var page = 1; page <= 40; page++)
        {
            var card = await ClickAsync(Lotse, "ideasTriage.queue", new JsonObject { ["page"] = page });
            rows.AddRange(Actions(card).Where(a => a["verb"]!.GetValue<string>() == "ideasTriage.show"));
            if (!Actions(card).Any(a => a["title"]!.GetValue<string>() == Word.De("ideasTriage.queue.next", page + 1))) break;
        }
        var ids = rows.Select(a => a["data"]!["ideaId"]!.GetValue<long>()).ToList();

        Assert.True(ids.IndexOf(older) >= 0 && ids.IndexOf(older) < ids.IndexOf(newer), "oldest first, both listed");
        Assert.DoesNotContain(done, ids);
        var olderIdea = await IdeaSeed.LoadAsync(Bot, older);
        var newerIdea = await IdeaSeed.LoadAsync(Bot, newer);
        var first = await ClickAsync(Lotse, "ideasTriage.queue", new JsonObject { ["page"] = ids.IndexOf(older) / 15 + 1 });
        Assert.Contains(Word.De("ideasTriage.fact.overdue", Wording.Day("de", olderIdea.FirstResponseDueOn)), Words(first), StringComparison.Ordinal);
        var second = await ClickAsync(Lotse, "ideasTriage.queue", new JsonObject { ["page"] = ids.IndexOf(newer) / 15 + 1 });
        var dueNewer = Wording.Day("de", newerIdea.FirstResponseDueOn);
        Assert.Contains(dueNewer, Words(second), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("ideasTriage.fact.overdue", dueNewer), Words(second), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.queue.open", older, olderIdea.Title[..Math.Min(60, olderIdea.Title.Length)]), Words(first), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_OnlyMine_ShowsTheIdeasAssignedToMe()
    {
        var mine = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Formulare ausfüllbar"), Erika, adjust: i => (i.AssignedAadObjectId, i.AssignedName) = (Lotsin.AadObjectId, Lotsin.Name));
        var notMine = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Telefonliste pflegen"), Erika);

        var card = await ClickAsync(Lotsin, "ideasTriage.queue", new JsonObject { ["mine"] = "true" });

        var ids = Actions(card).Where(a => a["verb"]!.GetValue<string>() == "ideasTriage.show").Select(a => a["data"]!["ideaId"]!.GetValue<long>()).ToList();
        Assert.Contains(mine, ids);
        Assert.DoesNotContain(notMine, ids);
        Assert.Contains(Word.De("ideasTriage.queue.headingMine"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.queue.all"), Words(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_Lotsen_AnswersTheListInTheChat()
    {
        // The Lotse's chat also gets notices of other tests' ideas through the outbox: wait for the reply itself.
        var chat = TrainingSeed.Chat(Lotse);
        var typed = Message(Bot, Lotse, "Lotsen", chat);
        using var response = await Bot.PostAsync(typed);
        Assert.True(response.IsSuccessStatusCode);

        var card = CardIn(await Bot.Connector.WaitForReplyToAsync(chat, typed["id"]!.GetValue<string>()));
        Assert.Contains("ideasTriage.queue", Verbs(card));
        Assert.True(await Bot.WithDbAsync(db => db.IdeaLotsen().AnyAsync(l => l.UserAadObjectId == Lotse.AadObjectId && l.Name == Lotse.Name)));
    }

    [Fact]
    public async Task Show_AnonymousIdea_NoNameOnTriageOrChannelCard()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Anonym: Überstunden erfassen"), Erika, anonymous: true);
        var named = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Mit Namen: Urlaubsantrag digital"), Erika);

        var triage = await ShowAsync(Lotse, id);
        var channel = await ChannelClickAsync(Lotse, "ideasTriage.show", new JsonObject { ["ideaId"] = id });
        var other = await ShowAsync(Lotse, named);

        foreach (var card in new[] { triage, channel })
        {
            Assert.DoesNotContain(Erika.Name, card.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Erika.AadObjectId, card.ToJsonString(), StringComparison.Ordinal);
            Assert.Contains(Word.De("ideas.channel.anonymous"), Words(card), StringComparison.Ordinal);
        }
        Assert.Contains(Erika.Name, Words(other), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assign_ToMeThenToMia_AssignedEventsAndChannelCardUpdated()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Sitzungsdienst papierlos"), Erika);
        await PostToChannelAsync(id);
        await MiaSeenAsync();

        var card = await ShowAsync(Lotse, id);
        var mine = await ClickAsync(Lotse, "ideasTriage.assign", Data(id, VersionOn(card)));
        Assert.Contains(Word.De("ideasTriage.done.assignedMe", id), Words(mine), StringComparison.Ordinal);
        Assert.Equal(Lotse.AadObjectId, (await IdeaSeed.LoadAsync(Bot, id)).AssignedAadObjectId);
        var choice = Assert.Single(((JsonArray)FindInput(mine, "lotseId")["choices"]!).OfType<JsonObject>(), c => c["value"]!.GetValue<string>() == Lotsin.AadObjectId);
        Assert.Equal(Lotsin.Name, choice["title"]!.GetValue<string>());

        var toMia = await ClickAsync(Lotse, "ideasTriage.assign", Data(id, VersionOn(mine), ("lotseId", Lotsin.AadObjectId)));
        var again = await ClickAsync(Lotse, "ideasTriage.assign", Data(id, VersionOn(mine), ("lotseId", Lotsin.AadObjectId)));

        Assert.Contains(Word.De("ideasTriage.done.assigned", id, Lotsin.Name), Words(toMia), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.done.alreadyAssigned", id, Lotsin.Name), Words(again), StringComparison.Ordinal);
        var idea = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal((Lotsin.AadObjectId, Lotsin.Name), (idea.AssignedAadObjectId, idea.AssignedName));
        var assigned = (await IdeaSeed.EventsAsync(Bot, id)).Where(e => e.Kind == IdeaEventKind.Assigned).ToList();
        Assert.Equal([Lotse.AadObjectId, Lotsin.AadObjectId], assigned.Select(e => e.AssigneeAadObjectId));
        Assert.All(assigned, e => Assert.Equal((Lotse.AadObjectId, Lotse.Name, false), (e.ActorAadObjectId, e.ActorName, e.Public)));
        var updates = await ChannelUpdatesAsync(id);
        Assert.Equal(2, updates.Count);
        Assert.Equal(IdeaChannel.UpdateKey(idea), updates[^1].DedupeKey);
        Assert.Contains(Lotsin.Name, Words(CardOf(updates[^1])), StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync("ideas.notice:" + assigned[0].Id));
    }

    [Fact]
    public async Task Assign_TwoLotsenAtTheSameMoment_OneWinsTheOtherSeesWhoAndNothingOverwritten()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Raumbuchung im Rathaus"), Erika);
        var version = VersionOn(await ShowAsync(Lotse, id));
        await ShowAsync(Lotsin, id);

        var cards = await Task.WhenAll(
            ClickAsync(Lotse, "ideasTriage.assign", Data(id, version)),
            ClickAsync(Lotsin, "ideasTriage.assign", Data(id, version)));

        var idea = await IdeaSeed.LoadAsync(Bot, id);
        var winner = idea.AssignedAadObjectId == Lotse.AadObjectId ? Lotse : Lotsin;
        var loser = winner == Lotse ? cards[1] : cards[0];
        Assert.Contains(idea.AssignedAadObjectId, new[] { Lotse.AadObjectId, Lotsin.AadObjectId });
        Assert.Contains(Word.De("ideasTriage.stale.named", winner.Name), Words(loser), StringComparison.Ordinal);
        Assert.Contains(winner.Name, Words(loser), StringComparison.Ordinal);
        Assert.Single(await IdeaSeed.EventsAsync(Bot, id), e => e.Kind == IdeaEventKind.Assigned);
        Assert.Equal(version + 1, idea.Version);
        Assert.Equal(idea.Version, VersionOn(loser));
    }

    [Fact]
    public async Task ChannelCard_AssignClicked_ClickerSeesChannelCardAndEveryoneGetsTheUpdate()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("WLAN im Ratssaal"), Erika);
        await PostToChannelAsync(id);
        var posted = CardOf((await OutboxAsync(IdeaChannel.PostKey(id))).Single(m => m.DedupeKey == IdeaChannel.PostKey(id)));
        var assign = Actions(posted).Single(a => a["verb"]!.GetValue<string>() == "ideasTriage.assign");

        var answer = await ChannelClickAsync(Lotse, "ideasTriage.assign", assign["data"]!.AsObject().DeepClone().AsObject());
        var open = await ChannelClickAsync(Lotsin, "ideasTriage.show", new JsonObject { ["ideaId"] = id });

        Assert.Contains(Word.De("ideas.channel.heading"), Words(answer), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.done.assignedMe", id), Words(answer), StringComparison.Ordinal);
        Assert.DoesNotContain("ideasTriage.assign", Verbs(answer));
        Assert.DoesNotContain("ideasTriage.status", Verbs(answer));
        var update = Assert.Single(await ChannelUpdatesAsync(id));
        Assert.Contains(Lotse.Name, Words(CardOf(update)), StringComparison.Ordinal);
        Assert.DoesNotContain(Word.De("ideasTriage.done.assignedMe", id), Words(CardOf(update)), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.done.sentToChat", id), Words(open), StringComparison.Ordinal);
        var sent = await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking()
            .Where(m => m.DedupeKey.StartsWith("ideasTriage.open:") && m.UserAadObjectId == Lotsin.AadObjectId).ToListAsync());
        Assert.True(sent.Count > 0, "no private copy: " + string.Join("|", sent.Select(m => m.ActivityJson)));
        Assert.Contains(sent, m => Verbs(CardOf(m)).Contains("ideasTriage.status") && Words(CardOf(m)).Contains($"#{id} ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TriageVerbList.All), MemberType = typeof(TriageVerbList))]
    public async Task Roles_StaffOnEveryTriageVerb_DeniedAndNothingChanged(string verb)
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Zugriff verweigert"), Paul);
        var before = await IdeaSeed.LoadAsync(Bot, id);
        var data = Data(id, before.Version, ("status", "inReview"), ("text", "Schon erledigt."), ("visibility", "public"), ("reason", "Nein."),
            ("lotseId", Erika.AadObjectId), ("tags", "termin"), ("department", ""), ("targetId", "1"));

        var card = await ClickAsync(Erika, verb, data);

        Assert.Contains(Word.De("denied.title"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("roles.lotse"), Words(card), StringComparison.Ordinal);
        var after = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal((before.Version, before.Status, before.AssignedAadObjectId), (after.Version, after.Status, after.AssignedAadObjectId));
        Assert.Single(await IdeaSeed.EventsAsync(Bot, id));
        Assert.False(await Bot.WithDbAsync(db => db.IdeaLotsen().AnyAsync(l => l.UserAadObjectId == Erika.AadObjectId)));
    }

    [Fact]
    public async Task Roles_Innovation_MayTriageLikeALotse()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Bürgerumfrage online"), Erika);

        var card = await ShowAsync(Innovation, id);
        var assigned = await ClickAsync(Innovation, "ideasTriage.assign", Data(id, VersionOn(card)));
        await ClickAsync(Innovation, "ideasTriage.status", Data(id, VersionOn(assigned), ("status", "inReview")));

        var idea = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal((Innovation.AadObjectId, IdeaStatus.InReview), (idea.AssignedAadObjectId, idea.Status));
    }

    [Fact]
    public async Task Tampering_UnknownIdsStatusesVersionsAndLotsen_ChangeNothing()
    {
        var id = await IdeaSeed.IdeaAsync(Bot, IdeaSeed.Unique("Aktenvernichtung planen"), Erika);
        var version = VersionOn(await ShowAsync(Lotse, id));
        var before = await IdeaSeed.LoadAsync(Bot, id);

        var unknownIdea = await ClickAsync(Lotse, "ideasTriage.assign", Data(long.MaxValue - 7, version));
        var noVersion = await ClickAsync(Lotse, "ideasTriage.assign", new JsonObject { ["ideaId"] = id });
        var merged = await ClickAsync(Lotse, "ideasTriage.status", Data(id, version, ("status", "merged")));
        var bogus = await ClickAsync(Lotse, "ideasTriage.status", Data(id, version, ("status", "Accepted; DROP TABLE ideas")));
        var skipped = await ClickAsync(Lotse, "ideasTriage.status", Data(id, version, ("status", "done")));
        var oldCard = await ClickAsync(Lotse, "ideasTriage.status", Data(id, version - 1, ("status", "inReview")));
        var future = await ClickAsync(Lotse, "ideasTriage.assign", Data(id, version + 5));
        var stranger = await ClickAsync(Lotse, "ideasTriage.assign", Data(id, version, ("lotseId", Erika.AadObjectId)));
        var visibility = await ClickAsync(Lotse, "ideasTriage.comment", new JsonObject { ["ideaId"] = id, ["text"] = "Hallo", ["visibility"] = "everyone" });

        foreach (var card in new[] { unknownIdea, noVersion, merged, bogus, stranger, visibility })
            Assert.Contains(Word.De("ideasTriage.badRequest"), Words(card), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.done.notAllowed", Word.De("ideas.status.submitted"), Word.De("ideas.status.done")), Words(skipped), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.stale.someone"), Words(oldCard), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasTriage.stale.someone"), Words(future), StringComparison.Ordinal);
        var after = await IdeaSeed.LoadAsync(Bot, id);
        Assert.Equal((before.Version, before.Status, before.AssignedAadObjectId), (after.Version, after.Status, after.AssignedAadObjectId));
        Assert.Single(await IdeaSeed.EventsAsync(Bot, id));
    }

    private static JsonObject FindInput(JsonNode card, string id) =>
        Walk(card).OfType<JsonObject>().Single(o => o["id"] is JsonValue v && v.GetValue<string>() == id && o["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal));

    private static IEnumerable<JsonNode> Walk(JsonNode? node) => node switch
    {
        null => [],
        JsonObject o => new[] { node }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => new[] { node }.Concat(a.SelectMany(Walk)),
        _ => [node],
    };
}

[Collection(IdeasCollections.Sqlite)]
public sealed class TriageTests_Sqlite(SqliteIdeasBot bot) : TriageTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class TriageTests_Postgres(PostgresIdeasBot bot) : TriageTests<PostgresIdeasBot>(bot);

/// <summary>Every verb of the Lotsen's side, for the role matrix.</summary>
public static class TriageVerbList
{
    public static TheoryData<string> All =>
    [
        "ideasTriage.queue", "ideasTriage.show", "ideasTriage.assign", "ideasTriage.status", "ideasTriage.comment",
        "ideasTriage.mergeForm", "ideasTriage.merge", "ideasTriage.tagsForm", "ideasTriage.tags",
    ];
}
