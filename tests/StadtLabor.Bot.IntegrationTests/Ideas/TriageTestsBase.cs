using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// What the triage tests share: clicks as a Lotse in the 1:1 chat or on the Lotsen channel's card, the version a card
/// shows, supporters in a language, the channel's post of an idea, and the messages queued for an idea's events.
/// </summary>
public abstract class TriageTestsBase<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    protected Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) =>
        TrainingSeed.ClickAsync(Bot, p, verb, data);

    protected Task<JsonObject> ShowAsync(Persona p, long ideaId) => ClickAsync(p, "ideasTriage.show", new JsonObject { ["ideaId"] = ideaId });

    /// <summary>A click on a card in the Lotsen channel (Teams adds the thread's message id to the conversation id).</summary>
    protected async Task<JsonObject> ChannelClickAsync(Persona p, string verb, JsonObject data)
    {
        var activity = Execute(Bot, p, verb, data, conversationId: IdeaSeed.LotsenChannel + ";messageid=1733300000000");
        activity["conversation"]!["conversationType"] = "channel";
        activity["conversation"]!["isGroup"] = true;
        var body = await Bot.InvokeAsync(activity);
        return TrainingSeed.Card(body) ?? throw new Xunit.Sdk.XunitException("no card in the answer: " + body.ToJsonString());
    }

    /// <summary>The version a card carries on its buttons, as a Lotse's next click sends it.</summary>
    protected static int VersionOn(JsonObject card) =>
        StadtLabor.Bot.IntegrationTests.Infrastructure.Cards.Actions(card).Select(a => a["data"]?["version"]).OfType<JsonValue>().Select(v => v.GetValue<int>()).First();

    protected static JsonObject Data(long ideaId, int version, params (string Key, string Value)[] more)
    {
        var data = new JsonObject { ["ideaId"] = ideaId, ["version"] = version };
        foreach (var (key, value) in more) data[key] = value;
        return data;
    }

    protected Task SupportAsync(long ideaId, Persona p, string lang) =>
        Bot.WithDbAsync(async db =>
        {
            db.IdeaSupports().Add(new IdeaSupport { IdeaId = ideaId, UserAadObjectId = p.AadObjectId, TenantId = BotFixture.TenantId, Lang = lang, CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return await db.Ideas().Where(i => i.Id == ideaId).ExecuteUpdateAsync(s => s.SetProperty(i => i.SupportCount, i => i.SupportCount + 1));
        });

    /// <summary>The idea's card in the Lotsen channel, as IdeaIntake posts it (the bot must be in the channel).</summary>
    protected async Task PostToChannelAsync(long ideaId)
    {
        await IdeaSeed.ChannelAsync(Bot);
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var idea = await db.Ideas().SingleAsync(i => i.Id == ideaId);
        await scope.ServiceProvider.GetRequiredService<IdeaChannel>().PostNewAsync(idea, default);
        await db.SaveChangesAsync();
        Assert.True(await db.OutboxMessages().AnyAsync(m => m.DedupeKey == IdeaChannel.PostKey(ideaId)), "the channel post was queued");
    }

    protected Task<List<OutboxMessage>> OutboxAsync(string keyPrefix) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).OrderBy(m => m.Id).ToListAsync());

    /// <summary>The updates of the channel's card of an idea (each replaces the posted message).</summary>
    protected Task<List<OutboxMessage>> ChannelUpdatesAsync(long ideaId) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.UpdatesDedupeKey == IdeaChannel.PostKey(ideaId)).OrderBy(m => m.Id).ToListAsync());

    /// <summary>The messages an event of the idea caused, by recipient.</summary>
    protected async Task<Dictionary<string, JsonObject>> NoticesAsync(long eventId) =>
        (await OutboxAsync($"ideas.notice:{eventId}:")).ToDictionary(m => m.UserAadObjectId!, CardOf);

    protected static JsonObject CardOf(OutboxMessage message) =>
        JsonNode.Parse(message.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();

    /// <summary>Makes Mia known to the directory (a Lotse is offered once they used a Lotsen card).</summary>
    protected Task MiaSeenAsync() => ClickAsync(Lotsin, "ideasTriage.queue");
}
