using StadtLabor.Bot.Tests.Hosting;
using StadtLabor.Bot.Tests.Roles;

namespace StadtLabor.Bot.Tests.Privacy;

/// <summary>The Privacy section is checked at start-up: a retention typo would otherwise keep data longer than promised.</summary>
public sealed class PrivacyConfigurationTests
{
    [Fact]
    public async Task Start_RetentionNoticeAndContacts_Starts()
    {
        var message = await LabAppStart.FailureAsync(
            ("Privacy:Retention:InactiveInstallations", "365"),
            ("Privacy:Retention:sentoutboxmessages", "7"),
            ("Privacy:Notice:de", "Hinweis der Stadt Soest"),
            ("Privacy:Notice:en", "Notice of the City of Soest"),
            ("Privacy:Controller", "Stadt Soest"),
            ("Privacy:Contact", "datenschutz@example.org"),
            ("Privacy:Retention:TrainingRegistrations", "400"),
            ("Privacy:MinGroupSize", "3"),
            ("Privacy:MinFreeTextSize", "3"));

        Assert.Equal("", message);
    }

    [Theory]
    [InlineData("Privacy:Retention:Gossip", "30", "Privacy:Retention:Gossip is not a kind")]
    [InlineData("Privacy:Retention:Ideas", "0", "Privacy:Retention:Ideas '0'")]
    [InlineData("Privacy:Retention:SentOutboxMessages", "dreißig", "Privacy:Retention:SentOutboxMessages 'dreißig'")]
    [InlineData("Privacy:Retention:SentOutboxMessages", "0", "Privacy:Retention:SentOutboxMessages '0'")]
    [InlineData("Privacy:Retention:FailedOutboxMessages", "-5", "Privacy:Retention:FailedOutboxMessages")]
    [InlineData("Privacy:Retention:FailedOutboxMessages", "3651", "Privacy:Retention:FailedOutboxMessages")]
    [InlineData("Privacy:Notice:fr", "Avis", "Privacy:Notice:fr")]
    [InlineData("Privacy:MinGroupSize", "1", "Privacy:MinGroupSize 1")]
    [InlineData("Privacy:MinFreeTextSize", "4", "Privacy:MinFreeTextSize 4")]
    [InlineData("Privacy:MinFreeTextSize", "101", "Privacy:MinFreeTextSize 101")]
    public async Task Start_WrongPrivacySetting_FailsNamingTheKey(string key, string value, string named)
    {
        var message = await LabAppStart.FailureAsync((key, value));

        Assert.Contains(named, message, StringComparison.Ordinal);
    }
}
