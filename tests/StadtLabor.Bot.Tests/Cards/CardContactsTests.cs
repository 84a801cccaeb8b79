using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Tests.Hosting;

namespace StadtLabor.Bot.Tests.Cards;

/// <summary>
/// The addresses cards link with mailto: are trusted by the renderer (not escaped), so the check at start-up is what
/// keeps a hostile or mistyped setting from becoming markdown on every card.
/// </summary>
public sealed class CardContactsTests
{
    [Theory]
    [InlineData("stadtlabor@soest.de) [Jetzt anmelden](https://evil.example")]
    [InlineData("[x](https://evil.example)@soest.de")]
    [InlineData("**stadtlabor**@soest.de")]
    [InlineData("stadtLABOR <stadtlabor@soest.de>")]
    [InlineData("stadtlabor@soest.de\n# Überschrift")]
    [InlineData("stadt labor@soest.de")]
    [InlineData("team@intranet")]
    [InlineData("`code`@soest.de")]
    [InlineData("stadtlabor@-soest.de")]
    public void FromConfiguration_HostileOrMalformedAddress_StopsNamingTheKeyNotTheValue(string value)
    {
        var lab = Assert.Throws<InvalidOperationException>(() => CardContacts.FromConfiguration(Configuration(("Lab:ContactEmail", value))));
        var officer = Assert.Throws<InvalidOperationException>(() => CardContacts.FromConfiguration(Configuration(("Privacy:OfficerEmail", value))));

        Assert.Contains("Lab:ContactEmail", lab.Message, StringComparison.Ordinal);
        Assert.Contains("Privacy:OfficerEmail", officer.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value.Trim(), lab.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stadtlabor@soest.de")]
    [InlineData(" erika.mustermann+bot@stadt-soest.nrw.de ")]
    [InlineData("first_last@example.org")]
    public void FromConfiguration_PlainAddress_Accepted(string value)
    {
        var contacts = CardContacts.FromConfiguration(Configuration(("Lab:ContactEmail", value), ("Privacy:OfficerEmail", value)));

        Assert.Equal(value.Trim(), contacts.Lab);
        Assert.Equal(value.Trim(), contacts.DataProtection);
    }

    [Fact]
    public void FromConfiguration_NotSet_Defaults()
    {
        var contacts = CardContacts.FromConfiguration(Configuration(("Lab:ContactEmail", " ")));

        Assert.Equal(CardContacts.DefaultLab, contacts.Lab);
        Assert.Equal(CardContacts.DefaultDataProtection, contacts.DataProtection);
    }

    [Fact]
    public async Task Start_HostileContactEmail_RefusedNamingTheKey()
    {
        var message = await LabAppStart.FailureAsync(("Lab:ContactEmail", "stadtlabor@soest.de) [Jetzt anmelden](https://evil.example"));

        Assert.Contains("Lab:ContactEmail", message, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PlainAddresses_Starts()
    {
        var message = await LabAppStart.FailureAsync(("Lab:ContactEmail", "team@example.org"), ("Privacy:OfficerEmail", "dsb@example.org"));

        Assert.Equal("", message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
