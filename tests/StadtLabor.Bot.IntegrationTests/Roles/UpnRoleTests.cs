using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Roles;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Roles;

/// <summary>The lab team listed by UPN, which Teams activities do not carry.</summary>
public sealed class UpnRolesBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:LabTeam:0"] = "Lena.Labor@soest.de",
    };
}

/// <summary>
/// UPN assignments through the real app and connector client against the connector stub: one member lookup per
/// person and hour, and none at all for what every colleague may do.
/// </summary>
public sealed class UpnRoleTests(UpnRolesBot fixture) : IClassFixture<UpnRolesBot>
{
    private UpnRolesBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    /// <summary>The connector knows Lena's UPN in this conversation; replies there still get the usual 201.</summary>
    private void ConnectorKnowsLena(string conversation) => Bot.Connector.AlwaysFor(conversation, async http =>
    {
        if (http.Request.Method == "GET" && http.Request.Path.Value!.Contains("/members/", StringComparison.Ordinal))
        {
            await http.Response.WriteAsJsonAsync(new
            {
                id = RolePersonas.Lena.Id,
                name = RolePersonas.Lena.Name,
                aadObjectId = RolePersonas.Lena.AadObjectId,
                userPrincipalName = "lena.labor@soest.de",
                tenantId = BotFixture.TenantId,
            });
            return;
        }
        http.Response.StatusCode = 201;
        await http.Response.WriteAsJsonAsync(new { id = "activity-" + Guid.NewGuid().ToString("N") });
    });

    private int MemberLookups(string conversation) =>
        Bot.Connector.CallsFor(conversation).Count(c => c.Method == "GET" && c.Path.Contains("/members/", StringComparison.Ordinal));

    private async Task<bool> AllowsAsync(LabUser? user, Role role)
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RoleGate>().AllowsAsync(user, role, CancellationToken.None);
    }

    [Fact]
    public async Task RoleGate_LabTeamByUpn_OneMemberLookupThenCached()
    {
        var conversation = "a:upn-" + Guid.NewGuid().ToString("N");
        ConnectorKnowsLena(conversation);
        var lena = new LabUser(BotFixture.TenantId, RolePersonas.Lena.AadObjectId,
            Member: new TeamsMemberAddress(Bot.Connector.ServiceUrl, conversation, RolePersonas.Lena.Id));

        Assert.True(await AllowsAsync(lena, Role.LabTeam));
        Assert.True(await AllowsAsync(lena, Role.LabTeam));
        Assert.False(await AllowsAsync(lena, Role.Innovation));

        Assert.Equal(1, MemberLookups(conversation));
        var lookup = Bot.Connector.CallsFor(conversation).Single(c => c.Method == "GET");
        Assert.EndsWith($"/members/{Uri.EscapeDataString(RolePersonas.Lena.Id)}", lookup.Path, StringComparison.Ordinal);
        Assert.StartsWith("Bearer ", lookup.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleGate_OtherColleagueInThatChat_NotLabTeam()
    {
        var conversation = "a:upn-" + Guid.NewGuid().ToString("N");
        ConnectorKnowsLena(conversation);
        // The connector answers with Lena's record; it is not Erika's, so it grants Erika nothing.
        var erika = new LabUser(BotFixture.TenantId, Erika.AadObjectId,
            Member: new TeamsMemberAddress(Bot.Connector.ServiceUrl, conversation, Erika.Id));

        Assert.False(await AllowsAsync(erika, Role.LabTeam));
    }

    [Fact]
    public async Task Turn_StaffVerbAndCommand_NoMemberLookup()
    {
        var conversation = "a:upn-" + Guid.NewGuid().ToString("N");
        ConnectorKnowsLena(conversation);

        // Not the menu: it asks for the lab team's role to show their entries (MenuUpnTests).
        await Bot.InvokeAsync(Execute(Bot, RolePersonas.Lena, "lending.catalogue", conversationId: conversation));
        await Bot.PostAsync(Message(Bot, RolePersonas.Lena, "datenschutz", conversation));
        await Bot.Connector.WaitForCallsAsync(conversation, 1);

        Assert.Equal(0, MemberLookups(conversation));
    }

    [Fact]
    public async Task RoleGate_SenderWithoutObjectId_StaffOnlyAndNoLookup()
    {
        var conversation = "a:upn-" + Guid.NewGuid().ToString("N");
        ConnectorKnowsLena(conversation);
        var activity = Message(Bot, RolePersonas.Lena, "hilfe", conversation);
        activity["from"]!.AsObject().Remove("aadObjectId");
        var parsed = System.Text.Json.JsonSerializer.Deserialize<Activity>(activity.ToJsonString(), ConnectorJson.Options)!;
        var turn = new StadtLabor.Bot.Turns.TurnContext(parsed, "de", Bot.App.Services.GetRequiredService<StadtLabor.Bot.Cards.CardRenderer>(),
            Bot.App.Services.GetRequiredService<StadtLabor.Bot.Cards.Strings>());

        Assert.Null(LabUser.From(turn));
        Assert.True(await AllowsAsync(LabUser.From(turn), Role.Staff));
        Assert.False(await AllowsAsync(LabUser.From(turn), Role.LabTeam));
        Assert.Equal(0, MemberLookups(conversation));
    }
}
