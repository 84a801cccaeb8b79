using System.IO.Compression;
using System.Text.Json;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>manifest/build-zip.sh: the upload package for the Teams admin center.</summary>
public sealed class BuildZipTests
{
    private static readonly string Script = Path.Combine(ToolRunner.ManifestDir, "build-zip.sh");
    private const string ZipName = "stadtlabor-teams-app.zip";

    [Fact]
    public void BuildZip_WithAllValues_WritesValidatedZipWithFourFilesAtRoot()
    {
        using var outDir = new TempDir();

        var result = RunBuild(outDir.Path, new()
        {
            ["BOT_APP_ID"] = ManifestTests.SampleBotId.ToUpperInvariant(),
            ["TEAMS_APP_ID"] = ManifestTests.SampleAppId,
            ["BOT_DOMAIN"] = "stadtlabor-bot.example.org",
            ["APP_VERSION"] = "1.2.3",
        });

        Assert.True(result.ExitCode == 0, result.Output);
        using var zip = ZipFile.OpenRead(Path.Combine(outDir.Path, ZipName));
        Assert.Equal(
            ["color.png", "en-US.json", "manifest.json", "outline.png"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var manifest = ReadEntry(zip, "manifest.json");
        Assert.Equal(ManifestTests.SampleAppId, manifest.GetProperty("id").GetString());
        Assert.Equal(ManifestTests.SampleBotId, manifest.GetProperty("bots")[0].GetProperty("botId").GetString());
        Assert.Equal("1.2.3", manifest.GetProperty("version").GetString());
        Assert.Equal(["stadtlabor-bot.example.org"], manifest.GetProperty("validDomains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("https://stadtlabor-bot.example.org/datenschutz", manifest.GetProperty("developer").GetProperty("privacyUrl").GetString());
        Assert.DoesNotContain("{{", manifest.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ToolRunner.ManifestDir, "outline.png")), ReadBytes(zip, "outline.png"));
    }

    [Fact]
    public void BuildZip_WithoutTeamsAppIdOrDomain_DerivesStableIdAndOmitsValidDomains()
    {
        using var first = new TempDir();
        using var second = new TempDir();
        var environment = new Dictionary<string, string?> { ["BOT_APP_ID"] = ManifestTests.SampleBotId };

        var run1 = RunBuild(first.Path, environment);
        var run2 = RunBuild(second.Path, environment);

        Assert.True(run1.ExitCode == 0, run1.Output);
        Assert.True(run2.ExitCode == 0, run2.Output);
        using var zip1 = ZipFile.OpenRead(Path.Combine(first.Path, ZipName));
        using var zip2 = ZipFile.OpenRead(Path.Combine(second.Path, ZipName));
        var id1 = ReadEntry(zip1, "manifest.json").GetProperty("id").GetString()!;
        var id2 = ReadEntry(zip2, "manifest.json").GetProperty("id").GetString()!;
        Assert.Equal(id1, id2);
        Assert.NotEqual(ManifestTests.SampleBotId, id1);
        Assert.True(Guid.TryParse(id1, out _), id1);
        Assert.Contains(id1, run1.Stdout, StringComparison.Ordinal);
        Assert.False(ReadEntry(zip1, "manifest.json").TryGetProperty("validDomains", out _));
    }

    [Fact]
    public void BuildZip_WithoutBotAppId_FailsWithClearMessageAndWritesNothing()
    {
        using var outDir = new TempDir();

        var result = RunBuild(outDir.Path, []);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("BOT_APP_ID is not set", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir.Path, ZipName)));
    }

    [Fact]
    public void BuildZip_WithDomain_TabsAndSignInPointAtIt_OtherSsoClientIfGiven()
    {
        using var outDir = new TempDir();
        const string ssoClient = "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d";

        var result = RunBuild(outDir.Path, new()
        {
            ["BOT_APP_ID"] = ManifestTests.SampleBotId,
            ["BOT_DOMAIN"] = "stadtlabor-bot.example.org",
            ["SSO_CLIENT_ID"] = ssoClient.ToUpperInvariant(),
        });

        Assert.True(result.ExitCode == 0, result.Output);
        using var zip = ZipFile.OpenRead(Path.Combine(outDir.Path, ZipName));
        var manifest = ReadEntry(zip, "manifest.json");
        Assert.Equal(
            ["https://stadtlabor-bot.example.org/tab?ziel=/meine", "https://stadtlabor-bot.example.org/tab?ziel=/labor/schulungen",
             "https://stadtlabor-bot.example.org/tab?ziel=/ideen", "https://stadtlabor-bot.example.org/tab?ziel=/umfragen/auswertung"],
            manifest.GetProperty("staticTabs").EnumerateArray().Select(t => t.GetProperty("contentUrl").GetString()));
        var sso = manifest.GetProperty("webApplicationInfo");
        Assert.Equal(ssoClient, sso.GetProperty("id").GetString());
        Assert.Equal("api://stadtlabor-bot.example.org/" + ssoClient, sso.GetProperty("resource").GetString());
        Assert.Equal(ManifestTests.SampleBotId, manifest.GetProperty("bots")[0].GetProperty("botId").GetString());
    }

    [Fact]
    public void BuildZip_WithoutDomain_LeavesTabsAndTheirEnglishNamesOut()
    {
        using var outDir = new TempDir();

        var result = RunBuild(outDir.Path, new() { ["BOT_APP_ID"] = ManifestTests.SampleBotId });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("without the personal tabs", result.Stderr, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(Path.Combine(outDir.Path, ZipName));
        var manifest = ReadEntry(zip, "manifest.json");
        Assert.False(manifest.TryGetProperty("staticTabs", out _));
        Assert.False(manifest.TryGetProperty("webApplicationInfo", out _));
        var english = ReadEntry(zip, "en-US.json");
        Assert.DoesNotContain(english.EnumerateObject(), p => p.Name.StartsWith("staticTabs", StringComparison.Ordinal));
        Assert.True(english.TryGetProperty("name.short", out _));
    }

    [Theory]
    [InlineData("SSO_CLIENT_ID", "api://stadtlabor-bot.example.org/x")]
    [InlineData("BOT_APP_ID", "not-a-guid")]
    [InlineData("TEAMS_APP_ID", "1234")]
    [InlineData("BOT_DOMAIN", "https://stadtlabor-bot.example.org/api/messages")]
    [InlineData("PRIVACY_URL", "http://insecure.example.org/datenschutz")]
    public void BuildZip_InvalidValue_FailsNamingTheVariable(string variable, string value)
    {
        using var outDir = new TempDir();
        var environment = new Dictionary<string, string?> { ["BOT_APP_ID"] = ManifestTests.SampleBotId, [variable] = value };

        var result = RunBuild(outDir.Path, environment);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(variable + " must", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir.Path, ZipName)));
    }

    private static ToolRunner.Result RunBuild(string outDir, Dictionary<string, string?> values)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("build-zip.sh is a bash script; run it in WSL or Git Bash on Windows.");
        }

        ToolRunner.RequireTool("python3", "by build-zip.sh to fill in the manifest");
        ToolRunner.RequireTool("zip", "by build-zip.sh to write the package");
        ToolRunner.RequireCheckers();
        var environment = new Dictionary<string, string?>
        {
            // start from a clean slate: nothing from the developer's shell leaks into the test
            ["BOT_APP_ID"] = null,
            ["TEAMS_APP_ID"] = null,
            ["BOT_DOMAIN"] = null,
            ["WEBSITE_URL"] = null,
            ["PRIVACY_URL"] = null,
            ["TERMS_OF_USE_URL"] = null,
            ["APP_VERSION"] = null,
            ["SSO_CLIENT_ID"] = null,
            ["OUT_DIR"] = outDir,
        };
        foreach (var (key, value) in values)
        {
            environment[key] = value;
        }

        return ToolRunner.Run("bash", [Script], environment);
    }

    private static JsonElement ReadEntry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.Clone();
    }

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
