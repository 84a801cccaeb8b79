using StadtLabor.Bot.Tests.Hosting;

namespace StadtLabor.Bot.Tests.Pages;

/// <summary>
/// The sign-in without Entra (./run.sh) is for Development on this machine only: configured in another environment,
/// or with the app listening beyond loopback, the app refuses to start and says which setting to remove. (That it works in Development, and is 404 without the setting:
/// StadtLabor.Bot.IntegrationTests, Pages/Tab/DevelopmentSignInTests.)
/// </summary>
public sealed class DevelopmentSignInGuardTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Start_DevelopmentSignInOutsideDevelopment_FailsNamingTheSetting(string environment)
    {
        var message = await LabAppStart.FailureAsync(environment, ("Pages:DevelopmentSignInObjectId", "00000000-0000-0000-0000-0000000000020"));

        Assert.Contains($"Pages:DevelopmentSignInObjectId is set in the '{environment}' environment", message, StringComparison.Ordinal);
        Assert.Contains("Remove Pages__DevelopmentSignInObjectId", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DevelopmentSignInListeningBeyondLoopback_FailsNamingTheSetting()
    {
        // Anonymous mode's rule: what Kestrel actually bound decides, so a port others can reach stops the start.
        var message = await LabAppStart.FailureAsync("Development", ("Pages:DevelopmentSignInObjectId", "00000000-0000-0000-0000-0000000000020"),
            ("urls", "http://0.0.0.0:0"));

        Assert.Contains("Pages:DevelopmentSignInObjectId is set but the app listens on", message, StringComparison.Ordinal);
        Assert.Contains("remove Pages__DevelopmentSignInObjectId", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DevelopmentSignInInDevelopment_Starts() =>
        Assert.Equal("", await LabAppStart.FailureAsync("Development", ("Pages:DevelopmentSignInObjectId", "00000000-0000-0000-0000-0000000000020")));
}
