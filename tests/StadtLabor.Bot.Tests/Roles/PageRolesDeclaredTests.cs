using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Tests.Roles;

/// <summary>
/// A Razor page whose model declares no role stops the start (PagesSetup.MapLabPages hands every page endpoint to
/// ThrowIfUndeclared). A page endpoint is built here as routing builds it, with the model's attributes as metadata,
/// because a test-only page cannot be compiled into the app.
/// </summary>
public sealed class PageRolesDeclaredTests
{
    private static RouteEndpoint Page(string route, string page, params object[] metadata) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(route), 0, new EndpointMetadataCollection(metadata), "Page: " + page);

    [Fact]
    public void ThrowIfUndeclared_PageModelWithoutRole_StopsTheStartNamingThePage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EndpointRoles.ThrowIfUndeclared(
        [
            Page("labor/status", "/Status/LabStatus", new LabRoleAttribute(Role.LabTeam)),
            Page("abgemeldet", "/Site/SignedOut", new NoLabRoleAttribute("shown after signing out")),
            Page("labor/geheim", "/Lab/Secret"),
        ]));

        Assert.Contains("Page: /Lab/Secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("[LabRole(", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/Status/LabStatus", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/Site/SignedOut", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfUndeclared_EveryPageDeclaredOrExplicitlyOpen_Starts()
    {
        EndpointRoles.ThrowIfUndeclared(
        [
            Page("labor/status", "/Status/LabStatus", new LabRoleAttribute(Role.LabTeam)),
            Page("abgemeldet", "/Site/SignedOut", new NoLabRoleAttribute("shown after signing out")),
        ]);
    }
}
