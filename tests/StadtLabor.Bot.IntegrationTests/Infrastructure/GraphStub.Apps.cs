using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// Teams app installations for users (POST /users/{id}/teamwork/installedApps with teamsApp@odata.bind): recorded per
/// user, 201 with the installation the first time, 409 Conflict when the app is installed already (as Graph answers).
/// Like Graph it cannot send the bot Teams' conversationUpdate: the test posts that after it saw the request.
/// </summary>
public sealed partial class GraphStub
{
    private readonly ConcurrentDictionary<string, string> _installedApps = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users the app is installed for (by the bot through Graph, or marked installed by a test).</summary>
    public IReadOnlyCollection<string> AppInstalledFor => [.. _installedApps.Keys];

    /// <summary>The app is there already for this user (installed by them or a policy): a POST gets 409.</summary>
    public void AppInstalled(string userId, string teamsAppId) => _installedApps[userId] = teamsAppId;

    partial void MapInstalledApps(WebApplication app)
    {
        app.MapPost("/v1.0/users/{id}/teamwork/installedApps", async (HttpContext http, string id) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject;
            var bind = body?["teamsApp@odata.bind"]?.GetValue<string>() ?? "";
            const string prefix = "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/";
            if (!bind.StartsWith(prefix, StringComparison.Ordinal) || bind.Length == prefix.Length)
            {
                await ErrorAsync(http, 400, "BadRequest", "teamsApp@odata.bind is missing or not an app catalog entry.");
                return;
            }
            if (!_installedApps.TryAdd(id, bind[prefix.Length..]))
            {
                await ErrorAsync(http, 409, "Conflict", "App is already installed.");
                return;
            }
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.userScopeTeamsAppInstallation",
                ["id"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{id}##{bind[prefix.Length..]}")),
            });
        });
    }
}
