using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>The lab team (Sam Labor) holds Roles:LabTeam; photos may be at most 20,000 bytes, so an oversize one is small.</summary>
public abstract class LendingAdminBot : BotFixture
{
    public const int PhotoMaxBytes = 20_000;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = Activities.LabTeam.AadObjectId,
        ["Lending:PhotoMaxBytes"] = PhotoMaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class LendingAdminSqliteBot : LendingAdminBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class LendingAdminPostgresBot : LendingAdminBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>What the lab-team lending tests share: the item form as Teams sends it, rows and outbox messages.</summary>
internal static class AdminTesting
{
    public static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The item form's inputs as Teams sends them (strings), for a new item unless itemId is given.</summary>
    public static JsonObject ItemForm(string name, string category = "VR", string quantity = "3", long itemId = 0, bool isKit = false,
        (long PartId, int Count)[]? parts = null, string photoUrl = "", bool needsApproval = false)
    {
        var form = new JsonObject
        {
            ["itemId"] = itemId,
            ["confirmLoss"] = 0,
            ["name"] = name,
            ["category"] = category,
            ["newCategory"] = "",
            ["description"] = "Für Workshops und Bürgerdialoge.",
            ["quantity"] = quantity,
            ["isKit"] = isKit ? "true" : "false",
            ["lendableAlone"] = "true",
            ["needsApproval"] = needsApproval ? "true" : "false",
            ["toolId"] = "none",
            ["maxDays"] = "",
            ["maxPerPerson"] = "",
            ["photoUrl"] = photoUrl,
        };
        foreach (var (partId, count) in parts ?? []) form["part_" + partId] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return form;
    }

    public static Task<JsonObject> AdminAsync(BotFixture bot, string verb, JsonObject? data = null) =>
        TrainingSeed.ClickAsync(bot, Activities.LabTeam, verb, data?.DeepClone().AsObject());

    public static Task<LendingItem?> ItemAsync(BotFixture bot, string name) =>
        bot.WithDbAsync(db => db.LendingItems().AsNoTracking().SingleOrDefaultAsync(i => i.Name == name));

    public static Task<LendingItem> ItemAsync(BotFixture bot, long id) =>
        bot.WithDbAsync(db => db.LendingItems().AsNoTracking().SingleAsync(i => i.Id == id));

    public static Task<List<OutboxMessage>> OutboxAsync(BotFixture bot, string keyPrefix) =>
        bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).OrderBy(m => m.Id).ToListAsync());

    /// <summary>The card a queued message carries.</summary>
    public static JsonObject CardOf(OutboxMessage message) =>
        JsonNode.Parse(message.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();
}
