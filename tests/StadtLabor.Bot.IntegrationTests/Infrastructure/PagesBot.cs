using StadtLabor.Bot.Data;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// The app with the intranet pages signed in through a local Entra stand-in (<see cref="EntraStub"/>), one colleague per
/// role, and a Chromium (<see cref="Browser"/>, started on first use) for the page walks. Every page test class
/// shares one app per database: <c>[Collection(PagesCollections.Sqlite)]</c> or <c>[Collection(PagesCollections.Postgres)]</c>.
/// </summary>
public abstract class PagesBot : BotFixture
{
    public EntraStub EntraId { get; private set; } = null!;

    public PagesBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots are taken once, from the SQLite run (the pages look the same on both databases).</summary>
    public bool TakesScreenshots => Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// Mia is in the lab team only by her UPN (Roles:LabTeam:1, written in other case than Entra's), Tom is a colleague
    /// with another UPN of the same domain: the session must carry the UPN from the token for her role to apply.
    /// </summary>
    public static Activities.Persona MiaByUpn { get; } = new("29:mia-muster", "00000000-0000-4000-8000-000000014610", "Muster, Mia");

    public const string MiaUpn = "mia.muster@stadt-soest.de";

    public static Activities.Persona TomByUpn { get; } = new("29:tom-andere", "00000000-0000-4000-8000-000000014611", "Andere, Tom");

    public const string TomUpn = "tom.andere@stadt-soest.de";

    /// <summary>The people the stand-in knows: everyone the tests sign in as.</summary>
    public static IReadOnlyList<Activities.Persona> People { get; } =
        [Activities.Erika, Activities.Lotse, Activities.Lotsin, Activities.LabTeam, Activities.Innovation, Activities.Research];

    /// <summary>A page that throws (<see cref="BrokenPageFeature"/>), to see the error page as a person meets it.</summary>
    protected override IReadOnlyList<IFeatureModule> TestFeatures => [new BrokenPageFeature()];

    protected override async Task StartMoreStubsAsync()
    {
        EntraId = await EntraStub.StartAsync(TenantId, AppId);
        foreach (var person in People) EntraId.AddPerson(person.AadObjectId, person.Name);
        EntraId.AddPerson(MiaByUpn.AadObjectId, MiaByUpn.Name, MiaUpn);
        EntraId.AddPerson(TomByUpn.AadObjectId, TomByUpn.Name, TomUpn);
        Browser = new PagesBrowser(this);
    }

    protected override async ValueTask DisposeMoreStubsAsync()
    {
        await Browser.DisposeAsync();
        await EntraId.DisposeAsync();
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = Activities.LabTeam.AadObjectId,
        ["Roles:LabTeam:1"] = "Mia.Muster@Stadt-Soest.de",
        ["Roles:Lotse:0"] = Activities.Lotse.AadObjectId,
        ["Roles:Lotse:1"] = Activities.Lotsin.AadObjectId,
        ["Roles:Innovation:0"] = Activities.Innovation.AadObjectId,
        ["Roles:ResearchPartner:0"] = Activities.Research.AadObjectId,
        ["Pages:SignIn:Enabled"] = "true",
        ["Pages:SignIn:Instance"] = EntraId.Instance,
        ["Pages:SignIn:RequireHttpsMetadata"] = "false",
        ["Pages:SignIn:ClientSecret"] = EntraStub.ClientSecret,
        ["Pages:RequireHttps"] = "false",
    };

    /// <summary>
    /// For a test class's field initializer: skips every test of the class, with the reason, when this fixture's
    /// database is not there (PostgreSQL without STADTLABOR_TEST_POSTGRES); test.sh always provides it.
    /// </summary>
    public static bool Available(BotFixture bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        if (bot.Unavailable is { } reason) Assert.Skip(reason);
        return true;
    }

    /// <summary>A browser-less client signed in as this person (cookies kept), for quick page and form checks.</summary>
    public Task<PageClient> SignInAsync(Activities.Persona person) => PageClient.SignInAsync(this, person);
}

public sealed class SqlitePagesBot : PagesBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPagesBot : PagesBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

[CollectionDefinition(PagesCollections.Sqlite)]
public sealed class SqlitePagesGroup : ICollectionFixture<SqlitePagesBot>;

[CollectionDefinition(PagesCollections.Postgres)]
public sealed class PostgresPagesGroup : ICollectionFixture<PostgresPagesBot>;

public static class PagesCollections
{
    public const string Sqlite = "pages-sqlite";
    public const string Postgres = "pages-postgres";
}
