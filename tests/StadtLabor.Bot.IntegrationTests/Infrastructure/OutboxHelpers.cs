using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>What a feature does to send later: write rows through OutboxWriter and commit. Also seeds installations.</summary>
public static class OutboxHelpers
{
    public static async Task EnqueueAsync(IServiceProvider services, Func<OutboxWriter, Task> write)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        await write(scope.ServiceProvider.GetRequiredService<OutboxWriter>());
        await db.SaveChangesAsync();
    }

    public static async Task SeedPersonalInstallationsAsync(IServiceProvider services, string serviceUrl, IEnumerable<(string Conversation, string User)> people)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
        var now = DateTime.UtcNow;
        foreach (var (conversation, user) in people)
        {
            db.Installations().Add(new Installation
            {
                ConversationId = conversation,
                ServiceUrl = serviceUrl,
                TenantId = BotFixture.TenantId,
                ConversationType = "personal",
                UserAadObjectId = user,
                UserId = "29:" + user,
                Active = true,
                InstalledAtUtc = now,
                UpdatedAtUtc = now,
            });
        }
        await db.SaveChangesAsync();
    }

    public static Activity Text(string text) => Activity.Message(text);

    public static async Task<OutboxMessage> MessageAsync(BotFixture bot, string dedupeKey) =>
        await bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().SingleAsync(m => m.DedupeKey == dedupeKey));

    public static async Task<OutboxMessage> WaitForStatusAsync(BotFixture bot, string dedupeKey, OutboxStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var message = await MessageAsync(bot, dedupeKey);
            if (message.Status == status) return message;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{dedupeKey} is {message.Status} ({message.LastError}), expected {status}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until the dispatcher has delivered everything the clicks so far queued for these people (the seat
    /// receipts), so a test that counts a person's outbox rows counts what it arranged, not what is still in flight.
    /// </summary>
    public static async Task WaitUntilDeliveredAsync(BotFixture bot, IEnumerable<string> aadObjectIds, TimeSpan? timeout = null)
    {
        var ids = aadObjectIds.ToList();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (await bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => ids.Contains(m.UserAadObjectId!) && m.Status == OutboxStatus.Pending)) is var left and > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{left} messages to {ids.Count} people still pending");
            await Task.Delay(50);
        }
    }
}
