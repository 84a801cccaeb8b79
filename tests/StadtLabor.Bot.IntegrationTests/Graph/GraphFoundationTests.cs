using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Graph;

/// <summary>The Graph client reaches the stub with the bot's token; a queued call of an unknown kind goes dead, visibly.</summary>
public abstract class GraphFoundationTests<TBot>(TBot bot) where TBot : GraphBot
{
    private readonly bool _ = GraphBot.Available(bot);

    [Fact]
    public async Task Client_SendsTheBotsTokenToTheStub_AndReadsGraphErrors()
    {
        await using var scope = bot.App.Services.CreateAsyncScope();
        var graph = scope.ServiceProvider.GetRequiredService<Microsoft.Graph.GraphServiceClient>();
        var error = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() => graph.Users["nobody"].GetAsync());
        Assert.Equal((int)HttpStatusCode.NotFound, error.ResponseStatusCode);
        var request = bot.Graph.Requests.Last(r => r.Path.EndsWith("/users/nobody", StringComparison.Ordinal));
        Assert.StartsWith("Bearer ", request.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_UnknownKind_IsDeadWithItsReason()
    {
        var key = "test.unknown:" + Guid.NewGuid().ToString("N");
        await bot.WithDbAsync(async db =>
        {
            var writer = new GraphCallWriter(db, TimeProvider.System);
            Assert.True(await writer.EnqueueAsync("test.unknown", key, key, GraphBot.OrganizerMailbox, new { Id = 1 }, CancellationToken.None));
            Assert.False(await writer.EnqueueAsync("test.unknown", key, key, GraphBot.OrganizerMailbox, new { Id = 1 }, CancellationToken.None));
            return await db.SaveChangesAsync();
        });
        await bot.DrainGraphAsync();
        var call = await bot.WithDbAsync(db => db.GraphCalls().AsNoTracking().SingleAsync(c => c.DedupeKey == key));
        Assert.Equal(GraphCallStatus.Dead, call.Status);
        Assert.Contains("no handler", call.LastError, StringComparison.Ordinal);
    }
}

[Collection(GraphCollections.Sqlite)]
public sealed class GraphFoundationTests_Sqlite(SqliteGraphBot bot) : GraphFoundationTests<SqliteGraphBot>(bot);

[Collection(GraphCollections.Postgres)]
public sealed class GraphFoundationTests_Postgres(PostgresGraphBot bot) : GraphFoundationTests<PostgresGraphBot>(bot);
