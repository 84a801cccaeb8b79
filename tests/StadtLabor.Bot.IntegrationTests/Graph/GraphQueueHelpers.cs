using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Graph;

/// <summary>One "test.echo" call to queue: its order key, the event it reads, the mailbox; Throw makes the handler fail.</summary>
public sealed record Echo(string OrderKey, string EventId, string Mailbox, bool Throw = false);

/// <summary>Queues echo calls the way a feature does (GraphCallWriter, then save) and reads what became of them.</summary>
public static class EchoCalls
{
    /// <summary>The ids of the queued calls, in the order given (which is their id order).</summary>
    public static Task<IReadOnlyList<long>> EnqueueAsync(BotFixture bot, params IEnumerable<Echo> calls) => EnqueueAsync(bot, _ => { }, calls);

    /// <summary>As above, each row shaped before it is saved (e.g. as if an instance had claimed it and crashed).</summary>
    public static async Task<IReadOnlyList<long>> EnqueueAsync(BotFixture bot, Action<GraphCall> shape, params IEnumerable<Echo> calls)
    {
        var keys = new List<string>();
        await bot.WithDbAsync(async db =>
        {
            var writer = new GraphCallWriter(db, TimeProvider.System);
            foreach (var call in calls)
            {
                var key = $"{GraphQueueEcho.KindName}:{Guid.NewGuid():N}";
                keys.Add(key);
                Assert.True(await writer.EnqueueAsync(GraphQueueEcho.KindName, key, call.OrderKey, call.Mailbox,
                    new GraphQueueEcho.Payload(call.EventId, call.Throw), CancellationToken.None));
                shape(db.GraphCalls().Local.Single(c => c.DedupeKey == key));
            }
            return await db.SaveChangesAsync();
        });
        var ids = await bot.WithDbAsync(db => db.GraphCalls().AsNoTracking().Where(c => keys.Contains(c.DedupeKey))
            .Select(c => new { c.Id, c.DedupeKey }).ToListAsync());
        return [.. keys.Select(k => ids.Single(i => i.DedupeKey == k).Id)];
    }

    public static Task<List<GraphCall>> CallsAsync(BotFixture bot, IReadOnlyList<long> ids) =>
        bot.WithDbAsync(db => db.GraphCalls().AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync());

    /// <summary>What reached the stub for this mailbox, oldest first.</summary>
    public static List<GraphRequest> RequestsTo(GraphBot bot, string mailbox) =>
        [.. bot.Graph.Requests.Where(r => r.Path.Contains($"/users/{mailbox}/", StringComparison.OrdinalIgnoreCase)).OrderBy(r => r.At)];
}
