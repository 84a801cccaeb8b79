using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>
/// The bot's command lists in the manifest must be the router's typed commands: what Teams suggests is exactly
/// what the bot understands, in the order the features register them.
/// </summary>
public sealed class ManifestCommandsTests
{
    private static readonly string TemplatePath = Path.Combine(ToolRunner.ManifestDir, "manifest.json");
    private static readonly string EnglishPath = Path.Combine(ToolRunner.ManifestDir, "en-US.json");

    // The German command words as of the first release; the router test below is the one that keeps them in sync.
    private static readonly string[] AllCommands =
        ["hilfe", "schulungen", "ausleihen", "umfrage", "idee", "meine termine", "meine ausleihen", "datenschutz", "meine daten", "sprache"];

    // Channels and group chats do not suggest the commands that show a person's own data or settings (the bot still
    // understands them there); everything else is offered in every scope.
    private static readonly HashSet<string> PersonalOnly = new(StringComparer.Ordinal) { "meine termine", "meine ausleihen", "meine daten", "sprache" };

    // Teams offers at most 10 commands per list and the ten above fill it: these are typed, or reached through the
    // ideas' cards, "meine termine" and the digest's own "Einstellungen" button, but not offered in the command menu.
    private static readonly HashSet<string> NotInMenu = new(StringComparer.Ordinal) { "ideen", "meine ideen", "einstellungen" };

    [Fact]
    public void Manifest_Commands_MatchRouter()
    {
        var routes = new TurnRoutes();
        foreach (var module in Program.Features)
        {
            module.MapTurns(routes);
        }

        // The manifest's command menu is the same for everyone, so it lists the commands every colleague may use;
        // role-gated ones (e.g. the lab team's "postausgang") are typed, not offered.
        var routerCommands = routes.Commands.Where(c => c.Role == StadtLabor.Bot.Roles.Role.Staff && !NotInMenu.Contains(c.Display)).Select(c => c.Display).ToList();
        var manifest = ManifestCommands.Read(TemplatePath);

        // Same commands; their order in Teams' menu is the manifest's (fixed by the test below), not the modules' order.
        Assert.Equal(routerCommands.Order(StringComparer.Ordinal), TitlesFor(manifest, "personal").Order(StringComparer.Ordinal));
        Assert.Equal(routerCommands.Where(c => !PersonalOnly.Contains(c)).Order(StringComparer.Ordinal), TitlesFor(manifest, "team").Order(StringComparer.Ordinal));
        Assert.Equal(routerCommands.Where(c => !PersonalOnly.Contains(c)).Order(StringComparer.Ordinal), TitlesFor(manifest, "groupChat").Order(StringComparer.Ordinal));
        foreach (var (scope, title) in manifest)
        {
            var match = routes.MatchCommand(title);
            Assert.True(match is not null, $"the router does not understand the {scope} command \"{title}\"");
            Assert.Equal(TextCommands.Normalize(title), match.Command);
            Assert.Equal("", match.Argument);
        }
    }

    [Fact]
    public void Manifest_Commands_AreTheGermanCommandWords()
    {
        var commands = ManifestCommands.Read(TemplatePath);

        Assert.Equal(["personal", "team", "groupChat"], commands.Select(c => c.Scope).Distinct());
        Assert.Equal(AllCommands, TitlesFor(commands, "personal"));
        Assert.Equal(AllCommands.Where(c => !PersonalOnly.Contains(c)), TitlesFor(commands, "team"));
        Assert.Equal(AllCommands.Where(c => !PersonalOnly.Contains(c)), TitlesFor(commands, "groupChat"));
    }

    [Fact]
    public void Manifest_CommandLists_StayWithinTeamsLimits()
    {
        var bot = ManifestTests.ReadJson(TemplatePath).GetProperty("bots")[0];

        foreach (var list in bot.GetProperty("commandLists").EnumerateArray())
        {
            var commands = list.GetProperty("commands").EnumerateArray().ToList();
            Assert.InRange(commands.Count, 1, 10);
            Assert.Single(list.GetProperty("scopes").EnumerateArray());
            foreach (var command in commands)
            {
                var title = command.GetProperty("title").GetString()!;
                var description = command.GetProperty("description").GetString()!;
                Assert.InRange(title.Length, 1, 32);
                Assert.InRange(description.Length, 1, 128);
                Assert.Equal(title.Trim().ToLowerInvariant(), title);
            }
        }
    }

    [Fact]
    public void Localization_English_DescribesEveryCommandWithinLimits()
    {
        var bot = ManifestTests.ReadJson(TemplatePath).GetProperty("bots")[0];
        var english = ManifestTests.ReadJson(EnglishPath);

        var lists = bot.GetProperty("commandLists").EnumerateArray().ToList();
        for (var i = 0; i < lists.Count; i++)
        {
            var commands = lists[i].GetProperty("commands").EnumerateArray().ToList();
            for (var j = 0; j < commands.Count; j++)
            {
                var key = FormattableString.Invariant($"bots[0].commandLists[{i}].commands[{j}].description");
                Assert.True(english.TryGetProperty(key, out var text), $"en-US.json has no \"{key}\" ({commands[j].GetProperty("title").GetString()})");
                Assert.InRange(text.GetString()!.Length, 1, 128);
            }
        }
    }

    [Fact]
    public void ManifestCommands_Read_ExpandsEveryScopeOfAList()
    {
        using var temp = ManifestTests.WriteFilledManifest(manifest =>
        {
            var lists = manifest["bots"]![0]!["commandLists"]!.AsArray();
            lists.Clear();
            lists.Add(System.Text.Json.Nodes.JsonNode.Parse(
                """{"scopes":["team","groupChat"],"commands":[{"title":"hilfe","description":"d"},{"title":"idee","description":"d"}]}"""));
        });

        var commands = ManifestCommands.Read(temp.File("manifest.json"));

        Assert.Equal([("team", "hilfe"), ("groupChat", "hilfe"), ("team", "idee"), ("groupChat", "idee")], commands);
    }

    private static List<string> TitlesFor(IReadOnlyList<(string Scope, string Title)> commands, string scope) =>
        commands.Where(c => c.Scope == scope).Select(c => c.Title).ToList();
}
