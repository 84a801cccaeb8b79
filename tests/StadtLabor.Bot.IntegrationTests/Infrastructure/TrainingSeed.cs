using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>Tools, sessions and people for the training tests, written straight into the bot's database.</summary>
public static class TrainingSeed
{
    /// <summary>A colleague numbered n (distinct Teams id and object id), for crowds in parallel tests.</summary>
    public static Activities.Persona Colleague(int n) =>
        new($"29:colleague-{n:D4}", $"c0ffee00-0000-4000-8000-{n:D12}", $"Kollegin {n:D4}");

    /// <summary>The tool with that name, created when missing.</summary>
    public static Task<long> ToolAsync(BotFixture bot, string name) =>
        bot.WithDbAsync(async db =>
        {
            var tool = await db.TrainingTools().SingleOrDefaultAsync(t => t.Name == name);
            if (tool is null)
            {
                tool = new TrainingTool { Name = name, CreatedAtUtc = DateTime.UtcNow };
                db.TrainingTools().Add(tool);
                await db.SaveChangesAsync();
            }
            return tool.Id;
        });

    /// <summary>A published session starting in <paramref name="startsIn"/> (default: in 3 days), 2 hours long.</summary>
    public static async Task<long> SessionAsync(BotFixture bot, int capacity, TimeSpan? startsIn = null, string tool = "Miro",
        string title = "Miro für Einsteiger", Action<TrainingSession>? adjust = null)
    {
        var toolId = await ToolAsync(bot, tool);
        return await bot.WithDbAsync(async db =>
        {
            var start = DateTime.UtcNow + (startsIn ?? TimeSpan.FromDays(3));
            var session = new TrainingSession
            {
                ToolId = toolId,
                Title = title,
                Description = "Board anlegen, Ideen sammeln, gemeinsam sortieren.",
                Prerequisites = "Laptop mit Browser",
                StartsAtUtc = start,
                EndsAtUtc = start.AddHours(2),
                Place = "stadtLABOR, Raum 1.12",
                Trainer = "Jana Becker",
                Capacity = capacity,
                CreatedAtUtc = DateTime.UtcNow,
                UpdatedAtUtc = DateTime.UtcNow,
            };
            adjust?.Invoke(session);
            db.TrainingSessions().Add(session);
            await db.SaveChangesAsync();
            return session.Id;
        });
    }

    public static Task<List<Registration>> RegistrationsAsync(BotFixture bot, long sessionId) =>
        bot.WithDbAsync(db => db.TrainingRegistrations().AsNoTracking().Where(r => r.SessionId == sessionId).OrderBy(r => r.Id).ToListAsync());

    public static JsonObject Session(long sessionId) => new() { ["sessionId"] = sessionId };

    /// <summary>The "Ja, Platz freigeben" button of the confirmation card (trainings.cancel without it only asks).</summary>
    public static JsonObject ConfirmedCancel(long sessionId) => new() { ["sessionId"] = sessionId, ["confirmed"] = true };

    /// <summary>The person's own 1:1 chat with the bot.</summary>
    public static string Chat(Activities.Persona p) => "a:personal-" + p.AadObjectId;

    /// <summary>A click on a card button in the person's chat; the card Teams would show in its place.</summary>
    public static async Task<JsonObject> ClickAsync(BotFixture bot, Activities.Persona p, string verb, JsonObject? data = null)
    {
        var body = await bot.InvokeAsync(Activities.Execute(bot, p, verb, data, conversationId: Chat(p)));
        return Card(body) ?? throw new Xunit.Sdk.XunitException("no card in the answer: " + body.ToJsonString());
    }

    /// <summary>The card of an invoke response (adaptive card content), or null.</summary>
    public static JsonObject? Card(JsonObject invokeBody) =>
        invokeBody["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive"
            ? invokeBody["value"] as JsonObject
            : null;
}
