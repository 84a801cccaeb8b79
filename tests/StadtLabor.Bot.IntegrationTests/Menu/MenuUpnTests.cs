using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Roles;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Menu;

/// <summary>
/// The menu for a lab team member listed by UPN (which activities do not carry): the role is resolved in the turn,
/// with one member lookup that later menus reuse. Its own fixture, so its cached lookup does not touch UpnRoleTests.
/// </summary>
public sealed class MenuUpnTests(UpnRolesBot fixture) : IClassFixture<UpnRolesBot>
{
    [Fact]
    public async Task Menu_LabTeamByUpn_TeamEntriesAfterOneLookup()
    {
        if (fixture.Unavailable is { } reason) Assert.Skip(reason);
        var bot = fixture;
        var conversation = "a:menu-upn-" + Guid.NewGuid().ToString("N");
        bot.Connector.AlwaysFor(conversation, async http =>
        {
            if (http.Request.Method == "GET" && http.Request.Path.Value!.Contains("/members/", StringComparison.Ordinal))
            {
                await http.Response.WriteAsJsonAsync(new
                {
                    id = RolePersonas.Lena.Id,
                    aadObjectId = RolePersonas.Lena.AadObjectId,
                    userPrincipalName = "lena.labor@soest.de",
                    tenantId = BotFixture.TenantId,
                });
                return;
            }
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(new { id = "activity-" + Guid.NewGuid().ToString("N") });
        });

        var first = await bot.InvokeAsync(Execute(bot, RolePersonas.Lena, "menu.show", conversationId: conversation));
        var second = await bot.InvokeAsync(Execute(bot, RolePersonas.Lena, "menu.show", conversationId: conversation));
        var erika = await bot.InvokeAsync(Execute(bot, Erika, "menu.show", conversationId: conversation));

        Assert.Contains("trainings.manage", Verbs(first["value"]));
        Assert.Contains("outbox.status", Verbs(second["value"]));
        Assert.DoesNotContain("trainings.manage", Verbs(erika["value"]));
        // Lena once (then cached), Erika once (the connector's answer is about Lena, so it grants Erika nothing).
        Assert.Equal(2, bot.Connector.CallsFor(conversation).Count(c => c.Method == "GET" && c.Path.Contains("/members/", StringComparison.Ordinal)));
    }
}
