using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Tests.Jobs;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Tests.Roles;

/// <summary>Roles from configuration: by object id at once, by UPN through one connector lookup per person and hour.</summary>
public sealed class ConfiguredRoleSourceTests
{
    private const string Tenant = "9a8b7c6d-1111-4222-8333-444455556666";
    private const string LenaId = "0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private static readonly LabUser Lena = new(Tenant, LenaId, Member: new TeamsMemberAddress(ServiceUrl, "a:personal;lena", "29:lena-labor"));

    /// <summary>The connector's members endpoint: answers with a UPN (or a scripted status) and counts the calls.</summary>
    private sealed class MembersEndpoint : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];
        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;
        public string AnswerObjectId { get; set; } = LenaId;
        public string? Upn { get; set; } = "lena.labor@soest.de";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsoluteUri}");
            var body = $$"""{"id":"29:lena-labor","name":"Lena Labor","aadObjectId":"{{AnswerObjectId}}","userPrincipalName":{{(Upn is null ? "null" : $"\"{Upn}\"")}}}""";
            return Task.FromResult(new HttpResponseMessage(Status)
            {
                Content = new StringContent(Status == HttpStatusCode.OK ? body : "{}", Encoding.UTF8, "application/json"),
            });
        }
    }

    private static (ConfiguredRoleSource Source, MembersEndpoint Connector, FakeClock Clock) Create(params (string Key, string Value)[] roles)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(roles.Select(r => new KeyValuePair<string, string?>(r.Key, r.Value))).Build();
        var endpoint = new MembersEndpoint();
        var clock = new FakeClock(FakeClock.Utc(2026, 3, 2, 9));
#pragma warning disable CA2000 // The client owns the handler; both live as long as the test.
        var connector = new ConnectorClient(new HttpClient(endpoint), Options.Create(new BotOptions()), NullLogger<ConnectorClient>.Instance);
#pragma warning restore CA2000
        var source = new ConfiguredRoleSource(RoleAssignments.FromConfiguration(configuration), new UpnCache(clock), connector,
            NullLogger<ConfiguredRoleSource>.Instance);
        return (source, endpoint, clock);
    }

    [Fact]
    public async Task RolesOf_AssignedByObjectIdOnly_RolesWithoutAskingTheConnector()
    {
        var (source, connector, _) = Create(("Roles:LabTeam:0", LenaId), ("Roles:Lotse:0", LenaId));

        var roles = await source.RolesOfAsync(Lena, CancellationToken.None);

        Assert.Equal(new HashSet<Role> { Role.LabTeam, Role.Lotse }, roles);
        Assert.Empty(connector.Requests);
    }

    [Fact]
    public async Task RolesOf_AssignedByUpn_OneLookupAtTheMembersEndpoint()
    {
        var (source, connector, _) = Create(("Roles:Innovation:0", "Lena.Labor@Soest.de"));

        var roles = await source.RolesOfAsync(Lena, CancellationToken.None);

        Assert.Equal(new HashSet<Role> { Role.Innovation }, roles);
        var request = Assert.Single(connector.Requests);
        Assert.Equal("GET https://smba.trafficmanager.net/emea/v3/conversations/a%3Apersonal%3Blena/members/29%3Alena-labor", request);
    }

    [Fact]
    public async Task RolesOf_UpnAskedAgain_CachedForAnHour()
    {
        var (source, connector, clock) = Create(("Roles:LabTeam:0", "lena.labor@soest.de"));

        await source.RolesOfAsync(Lena, CancellationToken.None);
        clock.Now += TimeSpan.FromMinutes(59);
        var cached = await source.RolesOfAsync(Lena, CancellationToken.None);
        clock.Now += TimeSpan.FromMinutes(2);
        var fresh = await source.RolesOfAsync(Lena, CancellationToken.None);

        Assert.Equal(new HashSet<Role> { Role.LabTeam }, cached);
        Assert.Equal(new HashSet<Role> { Role.LabTeam }, fresh);
        Assert.Equal(2, connector.Requests.Count);
    }

    [Fact]
    public async Task RolesOf_ObjectIdAndUpnAssignments_Combined()
    {
        var (source, _, _) = Create(("Roles:Lotse:0", LenaId), ("Roles:LabTeam:0", "lena.labor@soest.de"));

        Assert.Equal(new HashSet<Role> { Role.Lotse, Role.LabTeam }, await source.RolesOfAsync(Lena, CancellationToken.None));
    }

    [Fact]
    public async Task RolesOf_AdminByObjectId_NoLookupNeeded()
    {
        var (source, connector, _) = Create(("Roles:Admin:0", LenaId), ("Roles:LabTeam:0", "someone.else@soest.de"));

        Assert.Equal(new HashSet<Role> { Role.Admin }, await source.RolesOfAsync(Lena, CancellationToken.None));
        Assert.Empty(connector.Requests);
    }

    [Fact]
    public async Task RolesOf_LookupFails_NoRoleAndRetriedAfterAMinute()
    {
        var (source, connector, clock) = Create(("Roles:LabTeam:0", "lena.labor@soest.de"));
        connector.Status = HttpStatusCode.ServiceUnavailable;

        Assert.Empty(await source.RolesOfAsync(Lena, CancellationToken.None));
        Assert.Empty(await source.RolesOfAsync(Lena, CancellationToken.None));
        Assert.Single(connector.Requests);

        connector.Status = HttpStatusCode.OK;
        clock.Now += TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);
        Assert.Equal(new HashSet<Role> { Role.LabTeam }, await source.RolesOfAsync(Lena, CancellationToken.None));
        Assert.Equal(2, connector.Requests.Count);
    }

    [Fact]
    public async Task RolesOf_ConnectorDescribesSomeoneElse_UpnNotUsed()
    {
        var (source, connector, _) = Create(("Roles:LabTeam:0", "lena.labor@soest.de"));
        connector.AnswerObjectId = "99999999-0000-4000-8000-000000000099";

        Assert.Empty(await source.RolesOfAsync(Lena, CancellationToken.None));
    }

    [Fact]
    public async Task RolesOf_MemberWithoutUpn_NoRole()
    {
        var (source, connector, _) = Create(("Roles:LabTeam:0", "lena.labor@soest.de"));
        connector.Upn = null;

        Assert.Empty(await source.RolesOfAsync(Lena, CancellationToken.None));
    }

    [Fact]
    public async Task RolesOf_UpnFromSignIn_NoConnectorCall()
    {
        var (source, connector, _) = Create(("Roles:ResearchPartner:0", "rita.forschung@soest.de"));
        var rita = new LabUser(Tenant, "7e0c2a91-3b4d-4f5e-8a6b-9c0d1e2f3a4b", Upn: "Rita.Forschung@soest.de");

        Assert.Equal(new HashSet<Role> { Role.ResearchPartner }, await source.RolesOfAsync(rita, CancellationToken.None));
        Assert.Empty(connector.Requests);
    }

    [Fact]
    public async Task RolesOf_NoMemberAddressNoUpn_NoRoleNoCall()
    {
        var (source, connector, _) = Create(("Roles:LabTeam:0", "lena.labor@soest.de"));

        Assert.Empty(await source.RolesOfAsync(Lena with { Member = null }, CancellationToken.None));
        Assert.Empty(connector.Requests);
    }
}
