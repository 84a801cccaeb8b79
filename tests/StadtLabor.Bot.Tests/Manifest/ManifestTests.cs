using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>manifest/manifest.json and en-US.json against the official schema and our own rules.</summary>
public sealed partial class ManifestTests
{
    internal const string SampleBotId = "0b5e1c2d-3f4a-4b6c-8d7e-9f0a1b2c3d4e";
    internal const string SampleAppId = "7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f";

    private static readonly string TemplatePath = Path.Combine(ToolRunner.ManifestDir, "manifest.json");
    private static readonly string EnglishPath = Path.Combine(ToolRunner.ManifestDir, "en-US.json");

    private static readonly Dictionary<string, string> SampleValues = new()
    {
        ["BOT_APP_ID"] = SampleBotId,
        ["APP_ID"] = SampleAppId,
        ["BOT_DOMAIN"] = "stadtlabor-bot.example.org",
        ["SSO_CLIENT_ID"] = SampleBotId,
        ["WEBSITE_URL"] = "https://stadtlabor-bot.example.org/",
        ["PRIVACY_URL"] = "https://stadtlabor-bot.example.org/datenschutz",
        ["TERMS_OF_USE_URL"] = "https://stadtlabor-bot.example.org/nutzungsbedingungen",
    };

    [Fact]
    public void Manifest_WithSampleIds_PassesOfficialSchema()
    {
        using var temp = WriteFilledManifest();

        var result = ToolRunner.ValidateManifest(temp.File("manifest.json"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("manifest v1.22", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("localization v1.22", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_WithDeliberateErrors_FailsValidator()
    {
        using var temp = WriteFilledManifest(manifest =>
        {
            manifest["bots"]![0]!["botId"] = "not-a-guid";
            manifest["name"]!["short"] = new string('x', 31);
            manifest["unexpectedProperty"] = true;
        });

        var result = ToolRunner.ValidateManifest(temp.File("manifest.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/bots/0/botId", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("/name/short", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("unexpectedProperty", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Localization_KeyForMissingCommand_FailsValidator()
    {
        using var temp = WriteFilledManifest();
        var english = JsonNode.Parse(File.ReadAllText(temp.File("en-US.json")))!;
        english["bots[0].commandLists[0].commands[10].description"] = "There is no eleventh command.";
        File.WriteAllText(temp.File("en-US.json"), english.ToJsonString());

        var result = ToolRunner.ValidateManifest(temp.File("manifest.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("commands[10].description", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_Template_ContainsOnlyPlaceholdersBuildZipFills()
    {
        var placeholders = PlaceholderPattern().Matches(File.ReadAllText(TemplatePath)).Select(m => m.Groups[1].Value).ToHashSet();
        var script = File.ReadAllText(Path.Combine(ToolRunner.ManifestDir, "build-zip.sh"));

        Assert.Equal(SampleValues.Keys.Order(StringComparer.Ordinal), placeholders.Order(StringComparer.Ordinal));
        foreach (var name in placeholders)
        {
            Assert.Contains($"\"{name}\"", script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Manifest_Identity_IsGermanStadtLabor()
    {
        var manifest = ReadJson(TemplatePath);

        Assert.Equal("1.22", manifest.GetProperty("manifestVersion").GetString());
        Assert.Equal("https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json", manifest.GetProperty("$schema").GetString());
        Assert.Equal("Stadt Soest – stadtLABOR", manifest.GetProperty("developer").GetProperty("name").GetString());
        Assert.Equal("stadtLABOR", manifest.GetProperty("name").GetProperty("short").GetString());
        Assert.Equal("stadtLABOR – Innovation und Digitaler Wandel", manifest.GetProperty("name").GetProperty("full").GetString());
        Assert.Equal("{{APP_ID}}", manifest.GetProperty("id").GetString());
        Assert.Equal(["{{BOT_DOMAIN}}"], manifest.GetProperty("validDomains").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public void Manifest_Localization_IsGermanWithEnglishFile()
    {
        var manifest = ReadJson(TemplatePath);
        var info = manifest.GetProperty("localizationInfo");
        var additional = info.GetProperty("additionalLanguages").EnumerateArray().Single();

        Assert.Equal("de-DE", info.GetProperty("defaultLanguageTag").GetString());
        Assert.Equal("en-US", additional.GetProperty("languageTag").GetString());
        Assert.Equal("en-US.json", additional.GetProperty("file").GetString());
        Assert.True(File.Exists(EnglishPath));
        Assert.Equal("stadtLABOR", ReadJson(EnglishPath).GetProperty("name.short").GetString());
    }

    [Fact]
    public void Manifest_Bot_IsConversationalInPersonalTeamAndGroupChat()
    {
        var bot = ReadJson(TemplatePath).GetProperty("bots").EnumerateArray().Single();

        Assert.Equal("{{BOT_APP_ID}}", bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.False(bot.GetProperty("supportsFiles").GetBoolean());
        Assert.False(bot.GetProperty("isNotificationOnly").GetBoolean());
    }

    [Fact]
    public void Manifest_Icons_AreTheCommittedFiles()
    {
        var icons = ReadJson(TemplatePath).GetProperty("icons");

        Assert.Equal("color.png", icons.GetProperty("color").GetString());
        Assert.Equal("outline.png", icons.GetProperty("outline").GetString());
    }

    /// <summary>Writes manifest.json (placeholders filled with sample values), en-US.json and the icons to a temp folder.</summary>
    internal static TempDir WriteFilledManifest(Action<JsonNode>? change = null)
    {
        var temp = new TempDir();
        var text = File.ReadAllText(TemplatePath);
        foreach (var (name, value) in SampleValues)
        {
            text = text.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        }

        var node = JsonNode.Parse(text)!;
        change?.Invoke(node);
        File.WriteAllText(temp.File("manifest.json"), node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        foreach (var name in new[] { "en-US.json", "color.png", "outline.png" })
        {
            File.Copy(Path.Combine(ToolRunner.ManifestDir, name), temp.File(name));
        }

        return temp;
    }

    internal static JsonElement ReadJson(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    [GeneratedRegex(@"\{\{([A-Z_]+)\}\}")]
    private static partial Regex PlaceholderPattern();
}
