using Microsoft.Data.Sqlite;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Data;

/// <summary>
/// A turn that only reads opens no transaction, so on SQLite it does not wait for the one writer: Erika's menu comes
/// while the lab team's sign-up list (or a job) is being written. Before, every turn took the write lock.
/// </summary>
public sealed class ReadingTurnTests(SqliteBot bot) : IClassFixture<SqliteBot>
{
    [Fact]
    public async Task Menu_WhileAnotherConnectionHoldsTheWriteLock_AnswersWithoutWaiting()
    {
        var conversation = $"a:personal-{Guid.NewGuid():N}";
        // The first turn of a conversation stores it (a write); the ones after only read.
        await bot.InvokeAsync(Execute(bot, Erika, "menu.show", conversationId: conversation));

        await using var writer = new SqliteConnection(bot.Database.ConnectionString);
        await writer.OpenAsync();
        await using var hold = writer.BeginTransaction(deferred: false);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // Without the change this waits for the lock (the app's timeout is 30 s) and the test's 10 s run out first.
        var answer = await bot.InvokeAsync(Execute(bot, Erika, "menu.show", conversationId: conversation), patience.Token);

        Assert.Contains("trainings.list", Verbs(answer["value"]));
        await hold.RollbackAsync();
    }
}
