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
}
