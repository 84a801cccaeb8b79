using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// An anonymous idea never names its submitter, wherever one looks: Erika submits anonymously, the Lotsen comment
/// publicly and internally, assign it, a colleague supports it; then every verb of the ideas feature that is
/// registered (whoever added it), every ideas button those answers offer, every ideas command, in the 1:1 chats of
/// Jonas, Mia, Ines and a colleague and in the Lotsen channel, every outbox row, every message sent, every link on
/// those cards and every download the ideas feature maps (with a signed link of every kind) are searched for her
/// name and her ids. Only what is addressed to Erika herself may carry them. Generic on purpose: verbs and exports
/// added later are walked too. <see cref="PrivacyLeakScanTests"/> shows the search finds a planted name.
/// </summary>
public abstract class PrivacyAnonymousTests<TBot>(TBot fixture) where TBot : BotFixture
{
    private const int MaxClicks = 300;

    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static bool IsIdeas(string verb) => verb.StartsWith("ideas", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task AnonymousIdea_EveryIdeasVerbOutboxRowMessageAndDownload_NeverNamesTheSubmitter()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var erika = new Persona($"29:erika-{suffix}", Guid.NewGuid().ToString(), $"Mustermann-{suffix}, Erika");
        var leon = new Persona($"29:leon-{suffix}", Guid.NewGuid().ToString(), "Krämer, Leon");
        string[] needles = [erika.Name, $"Mustermann-{suffix}", erika.AadObjectId, erika.Id, Chat(erika)];
        var callsBefore = Bot.Connector.Calls.Count;

        await IdeaSeed.ChannelAsync(Bot);
        using (var installed = await Bot.PostAsync(Install(Bot, erika, Chat(erika)))) Assert.True(installed.IsSuccessStatusCode);
        var ideaId = await SubmitAnonymouslyAsync(erika);
        await ArrangeAsync(ideaId, leon);

        var findings = new List<string>();
        var answers = await WalkAsync(ideaId, [Lotse, Lotsin, Innovation, leon]);
        foreach (var (where, body) in answers) findings.AddRange(PrivacyLeakScan.Find(where, body.ToJsonString(), needles));
        findings.AddRange(await DownloadsAsync(ideaId, answers.Select(a => a.Body), needles));

        // Messages are sent after the turn: wait until the outbox and the reply queue have sent what they will.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var rows = await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().ToListAsync());
        var toErika = rows.Where(r => r.UserAadObjectId == erika.AadObjectId || r.ConversationId == Chat(erika)).ToList();
        foreach (var row in rows.Except(toErika))
            findings.AddRange(PrivacyLeakScan.Find($"outbox {row.DedupeKey}", row.ActivityJson, needles));
        foreach (var call in Bot.Connector.Calls.Skip(callsBefore).Where(c => !ToErika(c, erika)))
            findings.AddRange(PrivacyLeakScan.Find($"sent {call.Method} {call.Path}", call.Body?.ToJsonString() ?? "", needles));

        Assert.Empty(findings);
        // The walk saw the idea at all: its card went to the Lotsen channel through the outbox.
        Assert.Contains(rows, r => r.DedupeKey == IdeaChannel.PostKey(ideaId));
    }

    /// <summary>A message into Erika's chat, or the creation of that chat (its members name her).</summary>
    private static bool ToErika(ConnectorCall call, Persona erika) =>
        call.Path.Contains(Uri.EscapeDataString(Chat(erika)), StringComparison.Ordinal)
        || call.Path.Contains(Chat(erika), StringComparison.Ordinal)
        || (call.Path.EndsWith("/conversations", StringComparison.Ordinal)
            && call.Body?["members"] is JsonArray members && members.Any(m => m?["aadObjectId"]?.GetValue<string>() == erika.AadObjectId || m?["id"]?.GetValue<string>() == erika.Id));

    private async Task<long> SubmitAnonymouslyAsync(Persona erika)
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var draft = new IdeaDraft(Guid.NewGuid().ToString("D"), IdeaSeed.Unique("Tablets für den Außendienst"),
            "Notizen direkt vor Ort erfassen statt abzutippen.", "Ordnungsamt", Anonymous: true);
        var outcome = await scope.ServiceProvider.GetRequiredService<IdeaIntake>()
            .SubmitAsync(new Person(erika.AadObjectId, BotFixture.TenantId, erika.Name, "de"), draft, CancellationToken.None);
        // As the end of a turn does: the outbox rows the intake added (the channel's card) are saved with it.
        await scope.ServiceProvider.GetRequiredService<StadtLabor.Bot.Data.LabDbContext>().SaveChangesAsync();
        return Assert.IsType<IntakeOutcome.Submitted>(outcome).Idea.Id;
    }

    /// <summary>The life of the idea so far: a public and an internal comment, assigned to Jonas, supported by Leon.</summary>
    private async Task ArrangeAsync(long ideaId, Persona leon)
    {
        await Bot.WithDbAsync(async db =>
        {
            var idea = await db.Ideas().SingleAsync(i => i.Id == ideaId);
            idea.Status = IdeaStatus.InReview;
            idea.AssignedAadObjectId = Lotse.AadObjectId;
            idea.AssignedName = Lotse.Name;
            idea.FirstPublicAnswerAtUtc = DateTime.UtcNow;
            idea.Version++;
            var now = DateTime.UtcNow;
            db.IdeaEvents().AddRange(
                new IdeaEvent { IdeaId = ideaId, Kind = IdeaEventKind.Assigned, ActorAadObjectId = Lotse.AadObjectId, ActorName = Lotse.Name, AssigneeAadObjectId = Lotse.AadObjectId, AssigneeName = Lotse.Name, CreatedAtUtc = now },
                new IdeaEvent { IdeaId = ideaId, Kind = IdeaEventKind.StatusChanged, Public = true, FromStatus = IdeaStatus.Submitted, ToStatus = IdeaStatus.InReview, ActorAadObjectId = Lotse.AadObjectId, ActorName = Lotse.Name, CreatedAtUtc = now },
                new IdeaEvent { IdeaId = ideaId, Kind = IdeaEventKind.Comment, Public = true, Text = "Danke, wir prüfen das mit der IT.", ActorAadObjectId = Lotse.AadObjectId, ActorName = Lotse.Name, CreatedAtUtc = now },
                new IdeaEvent { IdeaId = ideaId, Kind = IdeaEventKind.Comment, Public = false, Text = "Budget im Herbst anfragen.", ActorAadObjectId = Lotsin.AadObjectId, ActorName = Lotsin.Name, CreatedAtUtc = now });
            return await db.SaveChangesAsync();
        });
        await using var scope = Bot.App.Services.CreateAsyncScope();
        Assert.Equal(SupportOutcome.Added, await scope.ServiceProvider.GetRequiredService<IdeaSupporting>()
            .AddAsync(new Person(leon.AadObjectId, BotFixture.TenantId, leon.Name, "de"), ideaId, CancellationToken.None));
    }

    /// <summary>
    /// Every registered ideas verb with {ideaId, version} for each person, in their chat and in the Lotsen channel,
    /// then every ideas button on the answers (with the data the button carries), breadth first; and every ideas command.
    /// </summary>
    private async Task<List<(string Where, JsonNode Body)>> WalkAsync(long ideaId, Persona[] people)
    {
        var routes = Bot.App.Services.GetRequiredService<TurnRoutes>();
        var answers = new List<(string, JsonNode)>();
        var queue = new Queue<(Persona Who, bool Channel, string Verb, JsonObject? Data)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Enqueue(Persona who, bool channel, string verb, JsonObject? data)
        {
            if (seen.Add($"{who.AadObjectId}|{channel}|{verb}|{data?.ToJsonString()}")) queue.Enqueue((who, channel, verb, data));
        }
        foreach (var verb in routes.Verbs.Keys.Where(IsIdeas).Order(StringComparer.Ordinal))
            foreach (var who in people)
            {
                Enqueue(who, false, verb, null);
                Enqueue(who, true, verb, null);
            }

        for (var clicks = 0; queue.Count > 0 && clicks < MaxClicks; clicks++)
        {
            var (who, channel, verb, data) = queue.Dequeue();
            // Fresh version each time, so a Lotsen action is not refused as stale before it shows anything.
            var version = (await IdeaSeed.LoadAsync(Bot, ideaId)).Version;
            var payload = data ?? new JsonObject { ["ideaId"] = ideaId, ["version"] = version };
            var activity = Execute(Bot, who, verb, payload, conversationId: channel ? IdeaSeed.LotsenChannel : Chat(who));
            if (channel)
            {
                activity["conversation"]!["conversationType"] = "channel";
                activity["conversation"]!["isGroup"] = true;
            }
            var body = await Bot.InvokeAsync(activity);
            answers.Add(($"{verb} by {who.Name}{(channel ? " in the channel" : "")} {payload.ToJsonString()}", body));
            foreach (var button in Infrastructure.Cards.Actions(body).Where(a => a["verb"]?.GetValue<string>() is { } v && IsIdeas(v)))
                Enqueue(who, channel, button["verb"]!.GetValue<string>(), (button["data"] as JsonObject)?.DeepClone().AsObject() ?? []);
        }

        foreach (var (phrase, handler, _, _) in routes.Commands.Where(c => c.Handler.Namespace?.StartsWith("StadtLabor.Bot.Features.Ideas", StringComparison.Ordinal) == true))
            foreach (var who in people)
            {
                // A typed command is answered through the connector (after the 200), not in the HTTP response.
                var chat = Chat(who);
                // Wait for the reply itself (an outbox notice of another test may reach the chat first); the notices
                // that came meanwhile are checked too.
                var before = Bot.Connector.CallsFor(chat).Count;
                var typed = Message(Bot, who, phrase, chat);
                using var response = await Bot.PostAsync(typed);
                Assert.True(response.IsSuccessStatusCode);
                await Bot.Connector.WaitForReplyToAsync(chat, typed["id"]!.GetValue<string>());
                foreach (var call in Bot.Connector.CallsFor(chat).Skip(before).Where(c => c.Body is not null))
                    answers.Add(($"\"{phrase}\" ({handler.Name}) by {who.Name}", call.Body!));
            }
        return answers;
    }

    /// <summary>
    /// Every link on the answers that leads to the bot, and every GET endpoint whose route names ideas, called with a
    /// signed link of every purpose for the Innovation and Lotse people (so an export is read whatever it checks).
    /// </summary>
    private async Task<List<string>> DownloadsAsync(long ideaId, IEnumerable<JsonNode> answers, IReadOnlyCollection<string> needles)
    {
        var findings = new List<string>();
        var bases = new[] { "https://stadtlabor-bot.test.example", Bot.Http.BaseAddress!.GetLeftPart(UriPartial.Authority) };
        var links = answers.SelectMany(a => Strings(a)).Where(s => bases.Any(b => s.StartsWith(b, StringComparison.OrdinalIgnoreCase)))
            .Select(s => new Uri(s).PathAndQuery).ToHashSet(StringComparer.Ordinal);

        var links2 = Bot.App.Services.GetRequiredService<DownloadLinks>();
        await Bot.App.Services.GetRequiredService<LinkKey>().LoadAsync(CancellationToken.None);
        var patterns = Bot.App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.Contains("idea", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        foreach (var pattern in patterns)
        {
            if (!pattern.Contains("{token}", StringComparison.Ordinal))
            {
                links.Add(System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]+\}", ideaId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }
            foreach (var purpose in Enum.GetValues<LinkPurpose>())
                foreach (var who in new[] { Innovation, Lotse })
                    foreach (var subject in new[] { $"{BotFixture.TenantId}/{who.AadObjectId}", who.AadObjectId })
                        foreach (var target in new[] { 0, ideaId })
                            links.Add(pattern.Replace("{token}", links2.Token(new LinkGrant(purpose, target, subject, DateTime.UtcNow.AddMinutes(10))), StringComparison.Ordinal));
        }
        foreach (var link in links)
        {
            using var response = await Bot.Http.GetAsync(link);
            if (!response.IsSuccessStatusCode) continue;
            findings.AddRange(PrivacyLeakScan.Find($"GET {link}", await response.Content.ReadAsByteArrayAsync(), needles));
        }
        return findings;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };
}

[Collection(IdeasCollections.Sqlite)]
public sealed class PrivacyAnonymousTests_Sqlite(SqliteIdeasBot bot) : PrivacyAnonymousTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class PrivacyAnonymousTests_Postgres(PostgresIdeasBot bot) : PrivacyAnonymousTests<PostgresIdeasBot>(bot);
