using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// A test-only page with the bug a real one might have: it throws, with personal data in the exception's message, on
/// GET and on POST. The pages' error handling (/fehler) has to answer it without showing or logging that message.
/// Staff may open it, so the person is signed in as on any real page; the role matrix leaves it out (a 500 is its purpose).
/// </summary>
internal sealed class BrokenPageFeature : IFeatureModule
{
    public const string Path = "/test/kaputt";

    /// <summary>Looks like personal data: it must reach neither the page nor the log.</summary>
    public const string Secret = "Erika Mustermann, Zimmer 4711";

    public void MapTurns(TurnRoutes routes) { }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapMethods(Path, ["GET", "POST"], (Func<IResult>)(() => throw new InvalidOperationException("bug while showing the page for " + Secret)))
            .RequireLabRole(Role.Staff);
}
