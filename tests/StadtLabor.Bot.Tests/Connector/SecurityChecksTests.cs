using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Tests.Connector;

public sealed class SecurityChecksTests
{
    private static readonly string[] Teams = ["smba.trafficmanager.net"];

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://SMBA.trafficmanager.net/emea/", true)]
    [InlineData("https://evil.trafficmanager.net/emea/", false)]
    [InlineData("https://smba.trafficmanager.net.evil.example/emea/", false)]
    [InlineData("https://smba.trafficmanager.net:8443/emea/", false)]
    [InlineData("http://smba.trafficmanager.net/emea/", false)]
    [InlineData("https://user@smba.trafficmanager.net/emea/", false)]
    [InlineData("https://smba.trafficmanager.net/emea/?x=1", false)]
    [InlineData("ftp://smba.trafficmanager.net/", false)]
    [InlineData("smba.trafficmanager.net/emea", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsAllowedServiceUrl_TeamsHost_OnlyExactHttpsHost(string? serviceUrl, bool expected) =>
        Assert.Equal(expected, SecurityChecks.IsAllowedServiceUrl(serviceUrl, Teams));

    [Theory]
    [InlineData("http://localhost:56150/_connector", true)]
    [InlineData("http://127.0.0.1:56150/_connector", true)]
    [InlineData("http://localhost:56151/_connector", false)]
    [InlineData("http://10.0.0.5:56150/_connector", false)]
    public void IsAllowedServiceUrl_LoopbackHostPort_HttpOnlyForLoopback(string serviceUrl, bool expected) =>
        Assert.Equal(expected, SecurityChecks.IsAllowedServiceUrl(serviceUrl, ["localhost:56150", "127.0.0.1:56150", "10.0.0.5:56150"]));

    [Theory]
    [InlineData(new[] { "msteams", "webchat" }, "msteams", true)]
    [InlineData(new[] { "webchat" }, "msteams", false)]
    [InlineData(new string[0], "msteams", false)]
    [InlineData(new[] { "msteams" }, "", false)]
    [InlineData(new[] { "msteams" }, null, false)]
    public void IsEndorsed_KeyEndorsements_MustNameTheChannel(string[] endorsements, string? channel, bool expected) =>
        Assert.Equal(expected, SecurityChecks.IsEndorsed(endorsements, channel));

    [Fact]
    public void IsEndorsed_NoEndorsementsAtAll_Refused() => Assert.False(SecurityChecks.IsEndorsed(null, "msteams"));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://SMBA.trafficmanager.net/EMEA/", "https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/amer/", false)]
    [InlineData("https://smba.trafficmanager.net/emea", "https://smba.trafficmanager.net/emea/", false)]
    [InlineData(null, "https://smba.trafficmanager.net/emea/", false)]
    [InlineData("", "", false)]
    public void ServiceUrlClaimMatches_WholeStringCaseInsensitive(string? claim, string? serviceUrl, bool expected) =>
        Assert.Equal(expected, SecurityChecks.ServiceUrlClaimMatches(claim, serviceUrl));

    [Theory]
    [InlineData("9A8B7C6D-1111-4222-8333-444455556666", true)]
    [InlineData("9a8b7c6d-1111-4222-8333-444455556666", true)]
    [InlineData("00000000-0000-0000-0000-000000000000", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsAllowedTenant_OnlyListedTenants(string? tenant, bool expected) =>
        Assert.Equal(expected, SecurityChecks.IsAllowedTenant(tenant, ["9a8b7c6d-1111-4222-8333-444455556666"]));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("192.0.2.2", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("::ffff:10.0.0.5", false)]
    [InlineData("fd00::2", false)]
    public void IsLocalRequest_TcpPeer_OnlyLoopback(string remote, bool expected) =>
        Assert.Equal(expected, SecurityChecks.IsLocalRequest(System.Net.IPAddress.Parse(remote), ["Host", "Content-Type"]));

    [Theory]
    [InlineData("X-Forwarded-For")]
    [InlineData("x-forwarded-host")]
    [InlineData("Forwarded")]
    [InlineData("X-Real-IP")]
    public void IsLocalRequest_LoopbackPeerWithProxyHeader_NotLocal(string header) =>
        Assert.False(SecurityChecks.IsLocalRequest(System.Net.IPAddress.Loopback, ["Host", header]));

    [Fact]
    public void IsLocalRequest_NoPeerAddress_NotLocal() => Assert.False(SecurityChecks.IsLocalRequest(null, []));

    [Theory]
    [InlineData("http://127.0.0.1:3978", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:3978", true)]
    [InlineData("http://0.0.0.0:3978", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://192.0.2.2:3978", false)]
    [InlineData("https://bot.soest.de", false)]
    public void IsLoopbackBinding_ServerAddress_OnlyLoopback(string address, bool expected) =>
        Assert.Equal(expected, SecurityChecks.IsLoopbackBinding(address));

    [Theory]
    [InlineData("msteams", true)]
    [InlineData("MSTeams", true)]
    [InlineData("webchat", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsAllowedChannel_OnlyConfiguredChannels(string? channel, bool expected) =>
        Assert.Equal(expected, SecurityChecks.IsAllowedChannel(channel, ["msteams"]));
}
