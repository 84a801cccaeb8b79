using StadtLabor.Bot.Pages;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>The personal tabs and their single sign-on (staticTabs, webApplicationInfo) in manifest/manifest.json.</summary>
public sealed class ManifestTabsTests
{
    private static readonly string TemplatePath = Path.Combine(ToolRunner.ManifestDir, "manifest.json");

    [Fact]
    public void StaticTabs_FourPersonalTabs_OpenTheTabShellOnPagesThatExist()
    {
        var tabs = ManifestTests.ReadJson(TemplatePath).GetProperty("staticTabs").EnumerateArray().ToList();

        Assert.Equal(["meine", "labor", "ideen", "umfragen"], tabs.Select(t => t.GetProperty("entityId").GetString()));
        Assert.Equal(["Meine Termine", "Labor", "Ideen", "Umfragen"], tabs.Select(t => t.GetProperty("name").GetString()));
        foreach (var tab in tabs)
        {
            Assert.Equal(["personal"], tab.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
            var content = tab.GetProperty("contentUrl").GetString()!;
            Assert.StartsWith("https://{{BOT_DOMAIN}}/tab?ziel=/", content, StringComparison.Ordinal);
            var target = content["https://{{BOT_DOMAIN}}/tab?ziel=".Length..];
            // The tab leads to a page of the header's list, and "open in browser" to the same page.
            Assert.Contains(PageNav.All, link => link.Href == target);
            Assert.Equal("https://{{BOT_DOMAIN}}" + target, tab.GetProperty("websiteUrl").GetString());
        }
    }

    [Fact]
    public void WebApplicationInfo_ResourceIsTheApiUriOfTheSignInClient()
    {
        var manifest = ManifestTests.ReadJson(TemplatePath);
        var sso = manifest.GetProperty("webApplicationInfo");

        Assert.Equal("{{SSO_CLIENT_ID}}", sso.GetProperty("id").GetString());
        // The Application ID URI set under "Expose an API"; the tab sign-in accepts it as audience.
        Assert.Equal("api://{{BOT_DOMAIN}}/{{SSO_CLIENT_ID}}", sso.GetProperty("resource").GetString());
        Assert.Contains("{{BOT_DOMAIN}}", manifest.GetProperty("validDomains").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public void Tabs_FilledIn_PassOfficialSchemaAndHaveEnglishNames()
    {
        using var temp = ManifestTests.WriteFilledManifest();

        var result = ToolRunner.ValidateManifest(temp.File("manifest.json"));

        Assert.True(result.ExitCode == 0, result.Output);
        var english = ManifestTests.ReadJson(temp.File("en-US.json"));
        Assert.Equal(["My appointments", "Lab", "Ideas", "Surveys"],
            Enumerable.Range(0, 4).Select(i => english.GetProperty($"staticTabs[{i}].name").GetString()));
    }

    [Fact]
    public void Tabs_WithoutApiUri_FailValidator()
    {
        using var temp = ManifestTests.WriteFilledManifest(manifest => manifest["webApplicationInfo"]!["id"] = "api://stadtlabor-bot.example.org");

        var result = ToolRunner.ValidateManifest(temp.File("manifest.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/webApplicationInfo/id", result.Stdout, StringComparison.Ordinal);
    }
}
