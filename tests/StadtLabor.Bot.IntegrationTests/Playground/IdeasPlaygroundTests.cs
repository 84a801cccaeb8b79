using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using CardReader = StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Playground;

/// <summary>
/// A Playground session whose user is staff and a Lotse, with the team's General channel as the Lotsen channel (as
/// ./run.sh sets it up), so one person can walk both sides of an idea: hand it in, and answer it as a Lotse.
/// </summary>
public sealed class LotsePlaygroundSession : PlaygroundSession
{
    /// <summary>The Lotsen channel: the Playground team's first channel (General), read from its config.</summary>
    public string LotsenChannel { get; private set; } = "";

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings(PlaygroundConfig config)
    {
        // MoreSettings runs while the session starts (synchronously): the Playground is up, the bot not yet.
        using var http = new HttpClient { BaseAddress = Playground.BaseUrl, Timeout = PlaygroundDriver.StepTimeout };
        var body = http.GetStringAsync(new Uri("_internal/v1/testConfig", UriKind.Relative)).GetAwaiter().GetResult();
        LotsenChannel = JsonNode.Parse(body)?["config"]?["teams"]?[0]?["channels"]?[0]?["id"]?.ToString()
            ?? throw new InvalidOperationException($"The Playground's config has no team channel: {body}");
        return
        [
            new("Roles:Lotse:0", LabTeamPlaygroundSession.UserUpn),
            new("Ideas:LotsenConversationId", LotsenChannel),
        ];
    }
}

/// <summary>
/// An idea from first word to answer through the real Microsoft 365 Agents Playground, as issue 12's Tests ask:
/// "idee" → the form → a similar idea is shown → "Meine ist anders" → the Lotsen channel gets the card → the Lotse
/// assigns it there (the channel card is updated in place) → answers publicly (the submitter is told in the chat) →
/// changes the status twice (the submitter is told, the channel card updated again). The Playground's one user is
/// submitter and Lotse. Every click must answer with a card, never the error card; words are checked by key in
/// either language (the Playground claims en-US; the channel is always German).
/// </summary>
public sealed class IdeasPlaygroundTests(LotsePlaygroundSession session) : IClassFixture<LotsePlaygroundSession>
{
    private const string Title = "Bauanträge online digital einreichen";
    private const string Description = "Bauanträge als PDF hochladen statt auf Papier im Bauamt abzugeben.";

    [Fact]
    public async Task Idea_HandInAssignAnswerStatus_SimilarShownSubmitterToldChannelCardUpdated()
    {
        if (session.Unavailable is not null) Assert.Skip(session.Unavailable);
        await session.EnsureInstalledAsync();
        await InstallInChannelAsync();
        var existingId = await SeedAsync();

        // "idee": the form; checked with a title like the existing idea's: the similar card lists it.
        var formMessage = await SayAsync("idee", card => CardReader.Verbs(card).Contains("ideas.check"));
        var form = CardOf(formMessage, "the answer to \"idee\"");
        var draft = DataOf(form, "ideas.check");
        draft["title"] = Title;
        draft["description"] = Description;
        draft["department"] = FormCards.Input(form, "department")["value"]?.ToString() ?? "";
        draft["anonymous"] = "false";
        var similar = await ClickAsync(session.Chat, formMessage.MessageId, "ideas.check", draft);
        AssertSays(similar, lang => Says(lang, "ideasIntake.similar.intro", Title), "after ideas.check");
        Assert.Contains(Actions(similar, "ideas.support"), a => a["data"]?["ideaId"]?.ToString() == Id(existingId));

        // "Meine ist anders": handed in; the Lotsen channel gets the card.
        var mark = session.Playground.Mark();
        var submitted = await ClickAsync(session.Chat, formMessage.MessageId, "ideas.submit", DataOf(similar, "ideas.submit"));
        var idea = await WithDbAsync(db => db.Ideas().AsNoTracking().SingleAsync(i => i.Title == Title));
        AssertSays(submitted, lang => Says(lang, "ideasIntake.submitted.heading", idea.Id, Title), "after ideas.submit");
        var channelMessage = await WaitForAsync(mark, m => m.Action == "createMessage" && InChannel(m) && AssignIdOf(m) == Id(idea.Id), "the new idea's card in the Lotsen channel");
        var channelCard = CardOf(channelMessage, "the channel card");
        AssertSays(channelCard, _ => Word.De("ideas.channel.unassigned"), "the new channel card");

        // The Lotse assigns it to themselves on the channel card: the clicker sees the channel card, everyone the update.
        // A click in a channel comes from the post's thread, "{channel};messageid={post}", as in Teams.
        var thread = $"{session.LotsenChannel};messageid={channelMessage.MessageId}";
        mark = session.Playground.Mark();
        var assigned = await ClickAsync(thread, channelMessage.MessageId, "ideasTriage.assign", DataOf(channelCard, "ideasTriage.assign"));
        // The clicker's answer is the channel card as it is now (German, without the assign button), not the triage card.
        Assert.DoesNotContain("ideasTriage.assign", CardReader.Verbs(assigned));
        Assert.Contains("ideasTriage.show", CardReader.Verbs(assigned));
        var lotseName = (await LoadAsync(idea.Id)).AssignedName;
        Assert.False(string.IsNullOrEmpty(lotseName), "ideasTriage.assign did not assign the idea.");
        var updated = await WaitForAsync(mark, m => IsUpdateOf(m, channelMessage) && CardReader.Words(m.Card!).Contains(lotseName, StringComparison.Ordinal),
            "the channel card updated in place with the assignee");
        Assert.DoesNotContain("ideasTriage.assign", CardReader.Verbs(updated.Card!));

        // The triage card in the 1:1 chat; a public answer reaches the submitter (the same person) in the chat.
        var triage = await ClickAsync(session.Chat, formMessage.MessageId, "ideasTriage.show", new JsonObject { ["ideaId"] = Id(idea.Id) });
        mark = session.Playground.Mark();
        var comment = DataOf(triage, "ideasTriage.comment");
        comment["text"] = "Danke! Wir klären das mit dem Bauamt.";
        comment["visibility"] = "public";
        triage = await ClickAsync(session.Chat, formMessage.MessageId, "ideasTriage.comment", comment);
        await WaitForAsync(mark, m => m.Action == "createMessage" && m.ConversationId == session.Chat && m.Card is { } c
            && Contains(c, lang => Says(lang, "ideasTriage.notice.answer", idea.Id, Title)), "the answer's message to the submitter");

        // Two status changes: each told to the submitter, each shown on the channel card in place.
        foreach (var status in new[] { IdeaStatus.InReview, IdeaStatus.Accepted })
        {
            mark = session.Playground.Mark();
            var button = Assert.Single(Actions(triage, "ideasTriage.status"), a => a["data"]?["status"]?.ToString() == status.Key());
            triage = await ClickAsync(session.Chat, formMessage.MessageId, "ideasTriage.status", (button["data"] as JsonObject)!.DeepClone().AsObject());
            Assert.Equal(status, (await LoadAsync(idea.Id)).Status);
            await WaitForAsync(mark, m => m.Action == "createMessage" && m.ConversationId == session.Chat && m.Card is { } c
                && Contains(c, lang => Says(lang, "ideasTriage.notice.status", idea.Id, Title, Says(lang, "ideas.status." + status.Key()))),
                $"the message to the submitter that the idea is {status.Key()}");
            await WaitForAsync(mark, m => IsUpdateOf(m, channelMessage)
                && CardReader.Words(m.Card!).Contains(Word.De("ideas.channel.status", Word.De("ideas.status." + status.Key())), StringComparison.Ordinal),
                $"the channel card updated in place to {status.Key()}");
        }
    }

    /// <summary>The app added to the team (what the page does), and the bot knowing the Lotsen channel from it.</summary>
    private async Task InstallInChannelAsync()
    {
        await session.Playground.InstallAsync(session.LotsenChannel);
        var deadline = DateTime.UtcNow + PlaygroundDriver.StepTimeout;
        while (true)
        {
            await using (var scope = session.Bot.Services.CreateAsyncScope())
            {
                var directory = scope.ServiceProvider.GetRequiredService<IConversationDirectory>();
                if (await directory.FindConversationAsync(session.LotsenChannel, CancellationToken.None) is not null) return;
            }

            if (DateTime.UtcNow > deadline) Assert.Fail($"The bot did not record its installation in the Lotsen channel {session.LotsenChannel}.{session.Playground.LogTail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>An idea Erika handed in earlier, straight into this session's database, like the one to be typed.</summary>
    private Task<long> SeedAsync() => WithDbAsync(async db =>
    {
        var at = DateTime.UtcNow.AddDays(-3);
        var idea = new Idea
        {
            Title = "Bauanträge digital einreichen",
            Description = "Bauanträge online hochladen, damit niemand mehr Papier ins Bauamt bringt.",
            Department = "",
            Status = IdeaStatus.Submitted,
            TenantId = session.Config.TenantId,
            SubmittedAtUtc = at,
            UpdatedAtUtc = at,
            FirstResponseDueOn = IdeaDeadline.DueOn(at, 5),
            IntakeKey = Guid.NewGuid().ToString("N"),
        };
        db.Ideas().Add(idea);
        await db.SaveChangesAsync();
        db.IdeaAuthors().Add(new IdeaAuthor
        {
            IdeaId = idea.Id, OriginalIdeaId = idea.Id, UserAadObjectId = Activities.Erika.AadObjectId, TenantId = session.Config.TenantId,
            Name = Activities.Erika.Name, Lang = "de", CreatedAtUtc = at,
        });
        db.IdeaEvents().Add(new IdeaEvent { IdeaId = idea.Id, Kind = IdeaEventKind.Submitted, ToStatus = IdeaStatus.Submitted, CreatedAtUtc = at });
        await db.SaveChangesAsync();
        return idea.Id;
    });

    private Task<Idea> LoadAsync(long ideaId) => WithDbAsync(db => db.Ideas().AsNoTracking().SingleAsync(i => i.Id == ideaId));

    private async Task<T> WithDbAsync<T>(Func<LabDbContext, Task<T>> work)
    {
        await using var scope = session.Bot.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LabDbContext>());
    }

    private bool InChannel(PlaygroundMessage m) => m.ConversationId.Split(';')[0] == session.LotsenChannel;

    private static string? AssignIdOf(PlaygroundMessage m) =>
        m.Card is { } c ? Actions(c, "ideasTriage.assign").FirstOrDefault()?["data"]?["ideaId"]?.ToString() : null;

    private static bool IsUpdateOf(PlaygroundMessage m, PlaygroundMessage original) =>
        m.Action == "updateMessage" && m.MessageId == original.MessageId && m.Card is not null;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Says(string lang, string key, params object?[] args) =>
        lang == Strings.English ? Word.En(key, args) : Word.De(key, args);

    private static bool Contains(JsonNode card, Func<string, string> text) =>
        new[] { Strings.German, Strings.English }.Any(lang => CardReader.Words(card).Contains(text(lang), StringComparison.Ordinal));

    private static void AssertSays(JsonNode card, Func<string, string> text, string where) =>
        Assert.True(Contains(card, text), $"{where}: the card shows neither \"{text(Strings.German)}\" nor \"{text(Strings.English)}\". Its text: \"{CardReader.Words(card)}\"");

    /// <summary>The user clicks an Action.Execute button; returns the card the Playground shows in place, which must not be the error card.</summary>
    private async Task<JsonObject> ClickAsync(string conversationId, string messageId, string verb, JsonObject data)
    {
        var (status, body, raw) = await session.Playground.InvokeAsync(session.Config, conversationId, messageId, verb, data);
        Assert.True(status == HttpStatusCode.OK, $"The Playground's invoke of {verb} answered {(int)status}: {raw}{session.Playground.LogTail()}");
        Assert.True(body is JsonObject && body["type"]?.ToString() == PlaygroundDriver.CardContentType, $"The answer to {verb} is not a card: {raw}{session.Playground.LogTail()}");
        var card = Assert.IsType<JsonObject>(body["value"]);
        Assert.False(Contains(card, lang => Says(lang, "error.title")), $"{verb} answered with the error card: {CardReader.Words(card)}{session.Playground.LogTail()}");
        return card;
    }

    private static List<JsonObject> Actions(JsonNode card, string verb) =>
        CardReader.Actions(card).Where(a => a["verb"]?.ToString() == verb).ToList();

    private static JsonObject DataOf(JsonObject card, string verb) =>
        (Assert.Single(Actions(card, verb))["data"] as JsonObject)?.DeepClone().AsObject() ?? [];

    /// <summary>The user types in the personal chat; returns the first new bot message whose card matches.</summary>
    private async Task<PlaygroundMessage> SayAsync(string text, Func<JsonObject, bool> answer)
    {
        var mark = session.Playground.Mark();
        await session.Playground.SendTextAsync(session.Config, session.Chat, text);
        return await WaitForAsync(mark, m => m.Action == "createMessage" && m.ConversationId == session.Chat && m.Card is { } c && answer(c),
            $"the bot's answer to \"{text}\"");
    }

    /// <summary>Waits for a bot message after <paramref name="mark"/> that matches (outbox messages come in any order).</summary>
    private async Task<PlaygroundMessage> WaitForAsync(int mark, Func<PlaygroundMessage, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + PlaygroundDriver.StepTimeout;
        while (true)
        {
            var found = session.Playground.MessagesSince(mark).FirstOrDefault(m => m.FromId == session.Config.BotId && match(m));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {PlaygroundDriver.StepTimeout.TotalSeconds} s for {what}, in vain. Since this step:\n  " +
                    string.Join("\n  ", session.Playground.MessagesSince(mark).Select(m => $"{m.Action} in {m.ConversationId} ({m.MessageId}): " +
                        (m.Card is { } c ? CardReader.Words(c) : m.Text ?? ""))) + session.Playground.LogTail());
            }
            await Task.Delay(100);
        }
    }

    private JsonObject CardOf(PlaygroundMessage message, string what)
    {
        var card = message.Card;
        Assert.True(card is not null, $"{what} has no Adaptive Card attachment: {message}{session.Playground.LogTail()}");
        return card;
    }
}
