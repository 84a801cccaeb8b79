using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>
/// "Als Idee einreichen" in the "…" menu of a Teams message: the manifest's one composeExtensions entry holds the
/// router's message actions (type action, context message, the dialog fetched from the bot), in German with the
/// English words in en-US.json under the localization schema's composeExtensions keys.
/// </summary>
public sealed class ManifestMessageActionTests
{
    private static readonly string TemplatePath = Path.Combine(ToolRunner.ManifestDir, "manifest.json");
    private static readonly string EnglishPath = Path.Combine(ToolRunner.ManifestDir, "en-US.json");

    private static JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(TemplatePath))!.AsObject();

    [Fact]
    public void Manifest_ComposeExtension_IsTheBotsMessageActionSubmitIdea()
    {
        var extension = Assert.Single(Manifest()["composeExtensions"]!.AsArray())!;
        var command = Assert.Single(extension["commands"]!.AsArray())!;

        Assert.Equal("{{BOT_APP_ID}}", extension["botId"]!.GetValue<string>());
        Assert.Equal("submitIdea", command["id"]!.GetValue<string>());
        Assert.Equal("action", command["type"]!.GetValue<string>());
        Assert.Equal(["message"], command["context"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(command["fetchTask"]!.GetValue<bool>());
        Assert.Equal("Als Idee einreichen", command["title"]!.GetValue<string>());
        Assert.InRange(command["description"]!.GetValue<string>().Length, 1, 128);
    }

    [Fact]
    public void Manifest_MessageActions_MatchRouter()
    {
        var routes = new TurnRoutes();
        foreach (var module in Program.Features) module.MapTurns(routes);

        var commands = Manifest()["composeExtensions"]![0]!["commands"]!.AsArray().Select(c => c!["id"]!.GetValue<string>());

        Assert.Equal(routes.MessageActions.Keys.Order(StringComparer.Ordinal), commands.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Localization_English_NamesEveryMessageActionWithinLimits()
    {
        var english = JsonNode.Parse(File.ReadAllText(EnglishPath))!.AsObject();
        var commands = Manifest()["composeExtensions"]![0]!["commands"]!.AsArray();

        for (var i = 0; i < commands.Count; i++)
        {
            var title = english[FormattableString.Invariant($"composeExtensions[0].commands[{i}].title")]?.GetValue<string>();
            var description = english[FormattableString.Invariant($"composeExtensions[0].commands[{i}].description")]?.GetValue<string>();
            Assert.InRange(title?.Length ?? 0, 1, 32);
            Assert.InRange(description?.Length ?? 0, 1, 128);
        }
        Assert.Equal("Submit as an idea", english["composeExtensions[0].commands[0].title"]!.GetValue<string>());
    }

    [Fact]
    public void Localization_KeyForMissingMessageAction_FailsValidator()
    {
        using var temp = ManifestTests.WriteFilledManifest();
        var english = JsonNode.Parse(File.ReadAllText(temp.File("en-US.json")))!;
        english["composeExtensions[0].commands[1].title"] = "There is no second action.";
        File.WriteAllText(temp.File("en-US.json"), english.ToJsonString());

        var result = ToolRunner.ValidateManifest(temp.File("manifest.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("composeExtensions[0].commands[1].title", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_MessageActionWithoutBotId_FailsValidator()
    {
        using var temp = ManifestTests.WriteFilledManifest(manifest => manifest["composeExtensions"]![0]!["botId"] = "not-a-guid");

        var result = ToolRunner.ValidateManifest(temp.File("manifest.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/composeExtensions/0/botId", result.Stdout, StringComparison.Ordinal);
    }
}
