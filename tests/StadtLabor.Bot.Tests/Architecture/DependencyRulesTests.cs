using System.Text.RegularExpressions;
using StadtLabor.Bot.Tests.Protocol;

namespace StadtLabor.Bot.Tests.Architecture;

/// <summary>
/// DESIGN.md: dependencies point one way, Features → Turns/Cards/Outbox/Data/Graph → Connector. The Connector knows no
/// feature; one feature never reaches into another. Checked on the source, so a `using` or a fully qualified name both count.
/// </summary>
public sealed partial class DependencyRulesTests
{
    private static readonly string BotFolder = Path.Combine(ActivitySchemaCheck.FindRepoRoot(), "bot", "StadtLabor.Bot");

    /// <summary>Feature-to-feature uses that are deliberate, each with its reason.</summary>
    private static readonly (string From, string To, string Why)[] AllowedFeatureLinks =
    [
        ("Privacy", "Installations", "the retention policy for inactive installations lives with the privacy purge for now"),
        ("Installations", "Privacy", "IPersonalData (\"meine daten\") is the contract every feature that holds a person implements, with retention from PrivacyOptions"),
        ("OutboxAdmin", "Privacy", "IPersonalData for the outbox's messages to a person, with retention from PrivacyOptions"),
        ("Settings", "Privacy", "IPersonalData for the language a person chose"),
        ("Trainings", "Privacy", "IRetentionPolicy is the extension point every feature that keeps data implements, and feedback figures obey PrivacyOptions.MinGroupSize"),
        ("Lending", "Privacy", "IPersonalData and IRetentionPolicy for reservations, as every feature that holds a person"),
        ("Lending", "Trainings", "\"nur nach Einweisung\" reads training tools and attendance; the signed person, Berlin times and NRW working days are shared with the trainings"),
        ("Ideas", "Privacy", "IPersonalData and IRetentionPolicy for ideas, supports and comments, and the idea figures go through SmallGroups"),
        ("Ideas", "Trainings", "the signed person (Person), Berlin times and NRW working days are shared with the trainings"),
        ("Surveys", "Privacy", "every survey figure goes through SmallGroups/CrossTables, and IPersonalData and IRetentionPolicy for participation and answers"),
        ("Surveys", "Trainings", "the signed person (Person), Berlin times and NRW working days are shared with the trainings"),
        ("Surveys", "Installations", "invitations and reminders reach people's known 1:1 chats (the installations), and \"everyone who has the app\" is the installations"),
        ("Ideas", "Installations", "escalations reach the innovation department's known 1:1 chats (the installations)"),
        ("Lending", "Installations", "the desk's daily list and return summaries go to the lab-team members' known 1:1 chats (the installations), chosen by the role source"),
        ("Digests", "Trainings", "digests read upcoming sessions, seats and offers through the trainings' small query classes; Berlin times and NRW working days are shared"),
        ("Digests", "Lending", "digests read new and free items, pickups, returns and maintenance through the lending's small query classes"),
        ("Digests", "Ideas", "digests read status changes, the triage queue and deadlines through the ideas' small query classes"),
        ("Digests", "Surveys", "digests read open surveys and participation counts (never answers) through the surveys' small query classes"),
        ("Digests", "Privacy", "IPersonalData and IRetentionPolicy for editions and acknowledgements, and every figure about people goes through SmallGroups"),
        ("Digests", "Settings", "the personal digest's frequency, folded reminders and role digests are the person's settings"),
        ("Digests", "Installations", "personal and role digests reach people's known 1:1 chats (the installations)"),
        ("Digests", "OutboxAdmin", "the lab team's digest reads the dead outbox messages through the outbox overview"),
        ("OutboxAdmin", "Digests", "the lab team's status card shows the response rate per digest edition through the digests' small query class (DigestResponseRates)"),
        ("Lending", "Settings", "a lending reminder folded into the personal digest is not sent on its own: the person's digest choice decides (DigestSettings)"),
        ("Ideas", "Settings", "an idea status change folded into the personal digest is not sent on its own: the person's digest choice decides (DigestSettings)"),
        ("Surveys", "Settings", "a survey invitation folded into the personal digest is not sent on its own: the person's digest choice decides (DigestSettings)"),
        ("Trainings", "Settings", "a training reminder folded into the personal digest (only when the person chose so) is not sent on its own (DigestSettings)"),
    ];

    /// <summary>The layers below the features (a listed folder that is missing fails below).</summary>
    private static readonly string[] LayerFolders = ["Connector", "Turns", "Roles", "Cards", "Outbox", "Data", "Downloads", "Graph"];

    /// <summary>Every other top-level folder of the bot, with why the layer rule does not apply to it.</summary>
    private static readonly (string Folder, string Why)[] OtherFolders =
    [
        ("Features", "the features themselves, checked by Features_DoNotReachIntoEachOther"),
        ("Hosting", "the composition root: it knows every module"),
        ("Pages", "the intranet pages and Teams tabs: above the features like Hosting (a page calls a feature's use cases); checked by Features_NeverReferencePages"),
        ("wwwroot", "the pages' styles, scripts and icons, no C#"),
        ("Resources", "word files, no code"),
        ("Properties", "launch settings, no code"),
    ];

    public static TheoryData<string> Layers => new(LayerFolders);

    [Fact]
    public void EveryFolder_IsALayerOrNamed()
    {
        var folders = Directory.GetDirectories(BotFolder).Select(Path.GetFileName)
            // bin/obj are build output; dot folders are local state (./run.sh keeps its database in .data), not code.
            .Where(f => f is not ("bin" or "obj") && !f!.StartsWith('.')).ToList();
        var unknown = folders.Where(f => !LayerFolders.Contains(f) && !OtherFolders.Any(o => o.Folder == f)).ToList();
        Assert.True(unknown.Count == 0, $"a new top-level folder needs a place in the rules: {string.Join(", ", unknown)}");
        var missing = LayerFolders.Concat(OtherFolders.Select(o => o.Folder)).Where(f => !folders.Contains(f)).ToList();
        Assert.True(missing.Count == 0, $"the rules name folders that do not exist, so their checks cannot fail: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_NeverReferencesFeaturesOrHosting(string layer)
    {
        var offenders = SourceFiles(layer).Where(f => References(f, "Features") || References(f, "Hosting")).ToList();
        Assert.True(offenders.Count == 0, $"{layer} must not know features or the host: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void Connector_KnowsOnlyItself()
    {
        string[] above = [.. LayerFolders.Where(l => l != "Connector"), "Features", "Hosting"];
        var offenders = SourceFiles("Connector").Where(f => above.Any(layer => References(f, layer))).ToList();
        Assert.True(offenders.Count == 0, $"the Connector must stay protocol-only: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void Features_DoNotReachIntoEachOther()
    {
        var features = Directory.GetDirectories(Path.Combine(BotFolder, "Features")).Select(Path.GetFileName).ToList();
        var offenders = new List<string>();
        foreach (var feature in features)
        {
            foreach (var file in SourceFiles(Path.Combine("Features", feature!)))
            {
                var text = File.ReadAllText(file);
                foreach (var other in features.Where(o => o != feature))
                {
                    var uses = Regex.IsMatch(text, $@"StadtLabor\.Bot\.Features\.{other}\b");
                    if (uses && !AllowedFeatureLinks.Any(a => a.From == feature && a.To == other))
                        offenders.Add($"{Path.GetRelativePath(BotFolder, file)} → {other}");
                }
            }
        }
        Assert.True(offenders.Count == 0, "features must talk through small public query classes or the layers below: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Features_NeverReferencePages()
    {
        // A rule that lived in a page would be a second copy of the card's rule: pages call features, never the reverse.
        var offenders = SourceFiles("Features").Concat(LayerFolders.SelectMany(SourceFiles)).Where(f => References(f, "Pages"))
            .Select(f => Path.GetRelativePath(BotFolder, f)).ToList();
        Assert.True(offenders.Count == 0, "features and layers must not know the pages: " + string.Join(", ", offenders));
    }

    /// <summary>
    /// Handlers run inside the turn's transaction (the error boundary rolls it back when they throw), which a second
    /// Database.BeginTransactionAsync refuses; LabTransaction (or SessionLock) makes a savepoint there instead.
    /// </summary>
    [Fact]
    public void Features_OpenTransactionsOnlyThroughLabTransaction()
    {
        var offenders = SourceFiles("Features").Concat(SourceFiles("Pages")).Concat(SourceFiles("Turns").Where(f => !f.EndsWith("ActivityRouter.cs", StringComparison.Ordinal)))
            .Where(f => OpensOwnTransaction(File.ReadAllText(f))).Select(f => Path.GetRelativePath(BotFolder, f)).ToList();
        Assert.True(offenders.Count == 0, "use LabTransaction.BeginAsync (a savepoint inside a turn): " + string.Join(", ", offenders));
        Assert.True(OpensOwnTransaction("await using var tx = await db.Database.BeginTransactionAsync(ct);"));
    }

    private static bool OpensOwnTransaction(string text) => StripComments(text).Contains(".BeginTransaction", StringComparison.Ordinal);

    [Fact]
    public void Rules_SeeTheSource_NotAnEmptyFolder()
    {
        Assert.NotEmpty(SourceFiles("Connector"));
        Assert.NotEmpty(SourceFiles("Features"));
        // The check itself can fail: a file that imports a feature is caught.
        Assert.True(Imports("using StadtLabor.Bot.Features.Menu;\nclass X {}", "Features"));
        Assert.False(Imports("using StadtLabor.Bot.Cards;\nclass X {}", "Features"));
    }

    private static IEnumerable<string> SourceFiles(string folder)
    {
        var path = Path.Combine(BotFolder, folder);
        return Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/Migrations/", StringComparison.Ordinal))
            : [];
    }

    private static bool References(string file, string layer) => Imports(File.ReadAllText(file), layer);

    private static bool Imports(string text, string layer) =>
        Regex.IsMatch(StripComments(text), $@"\bStadtLabor\.Bot\.{layer}\b");

    private static string StripComments(string text) => CommentPattern().Replace(text, "");

    [GeneratedRegex(@"//.*?$|/\*.*?\*/", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CommentPattern();
}
