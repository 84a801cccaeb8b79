using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Settings;

/// <summary>
/// The language query is compiled once; a compiled query keeps the SQL of the provider it first ran on, so each
/// provider needs its own. Both run in one process here, as in the test suite (in production one of them does).
/// </summary>
public sealed class LanguageQueryProvidersTests
{
    [Fact]
    public async Task ChosenLanguage_SqliteThenPostgresInOneProcess_BothRead()
    {
        if (TestDatabase.Unavailable(DatabaseProvider.Postgres) is { } reason) Assert.Skip(reason);
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.Sqlite })
        {
            await using var database = await TestDatabase.CreateAsync(provider);
            await using var direct = await DirectDatabase.OpenAsync(database);
            var chosen = await direct.QueryAsync(async db =>
            {
                var choices = new LanguageChoices(db, TimeProvider.System);
                await choices.SaveAsync(BotFixture.TenantId, Activities.Erika.AadObjectId, "en", default);
                return await choices.ChosenAsync(BotFixture.TenantId, Activities.Erika.AadObjectId, default);
            });
            Assert.Equal("en", chosen);
        }
    }
}
