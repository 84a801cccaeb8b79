using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// The app with two digest channels (German and English, in two teams) and one colleague per role: the fixture every
/// digest test class shares, one app per database: <c>[Collection(DigestCollections.Sqlite)]</c> or
/// <c>[Collection(DigestCollections.Postgres)]</c>. Jobs are run by the tests directly (no waiting for a schedule).
/// </summary>
public abstract class DigestBot : BotFixture
{
    public const string GermanChannel = "19:digest-allgemein@thread.tacv2";
    public const string EnglishChannel = "19:digest-international@thread.tacv2";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = Activities.LabTeam.AadObjectId,
        ["Roles:Lotse:0"] = Activities.Lotse.AadObjectId,
        ["Roles:Lotse:1"] = Activities.Lotsin.AadObjectId,
        ["Roles:Innovation:0"] = Activities.Innovation.AadObjectId,
        ["Roles:ResearchPartner:0"] = Activities.Research.AadObjectId,
        ["Digests:Channels:0:ConversationId"] = GermanChannel,
        ["Digests:Channels:0:ServiceUrl"] = Connector.ServiceUrl,
        ["Digests:Channels:0:TenantId"] = TenantId,
        ["Digests:Channels:0:Language"] = "de",
        ["Digests:Channels:0:Name"] = "Stadtverwaltung / Allgemein",
        ["Digests:Channels:1:ConversationId"] = EnglishChannel,
        ["Digests:Channels:1:ServiceUrl"] = Connector.ServiceUrl,
        ["Digests:Channels:1:TenantId"] = TenantId,
        ["Digests:Channels:1:Language"] = "en",
        ["Digests:Channels:1:Name"] = "International / General",
        ["Outbox:PollMilliseconds"] = "50",
    };

    public static bool Available(BotFixture bot) => PagesBot.Available(bot);
}

public sealed class SqliteDigestBot : DigestBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresDigestBot : DigestBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(DigestCollections.Sqlite)]
public sealed class SqliteDigestGroup : ICollectionFixture<SqliteDigestBot>;

[CollectionDefinition(DigestCollections.Postgres)]
public sealed class PostgresDigestGroup : ICollectionFixture<PostgresDigestBot>;

public static class DigestCollections
{
    public const string Sqlite = "digests-sqlite";
    public const string Postgres = "digests-postgres";
}
