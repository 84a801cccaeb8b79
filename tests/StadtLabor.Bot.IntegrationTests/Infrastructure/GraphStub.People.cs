using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// Entra ID's people for the "reaching everyone" work: groups with their users (transitive members cast to user, paged
/// like Graph with @odata.nextLink and a skip token; <see cref="MemberPageSize"/> small so paging is exercised) and users
/// with a department (GET /users/{id}?$select=department; an unknown user is 404 Request_ResourceNotFound).
/// </summary>
public sealed partial class GraphStub
{
    private readonly ConcurrentDictionary<string, string[]> _groupMembers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string?> _departments = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users per page of a group's members (Graph pages at 100 by default; small here so paging is tested).</summary>
    public int MemberPageSize { get; set; } = 3;

    public void Group(string groupId, IEnumerable<string> userIds) => _groupMembers[groupId] = [.. userIds];

    public void User(string userId, string? department) => _departments[userId] = department;

    partial void MapPeople(WebApplication app)
    {
        // Graph takes the cast both ways; the SDK writes the short one ("graph.user").
        app.MapGet("/v1.0/groups/{id}/transitiveMembers/microsoft.graph.user", (HttpContext http, string id) => MembersPageAsync(http, id));
        app.MapGet("/v1.0/groups/{id}/transitiveMembers/graph.user", (HttpContext http, string id) => MembersPageAsync(http, id));

        async Task MembersPageAsync(HttpContext http, string id)
        {
            if (!_groupMembers.TryGetValue(id, out var members))
            {
                await ErrorAsync(http, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
                return;
            }
            var skip = int.TryParse(http.Request.Query["$skiptoken"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var page = members.Skip(skip).Take(MemberPageSize).ToList();
            var body = new JsonObject
            {
                ["@odata.context"] = $"{BaseUrl}/$metadata#users(id)",
                ["value"] = new JsonArray([.. page.Select(u => (JsonNode)new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = u })]),
            };
            if (skip + page.Count < members.Length)
                body["@odata.nextLink"] = $"{BaseUrl}/groups/{id}/transitiveMembers/microsoft.graph.user?$select=id&$skiptoken={skip + page.Count}";
            await http.Response.WriteAsJsonAsync(body);
        }

        app.MapGet("/v1.0/users/{id}", async (HttpContext http, string id) =>
        {
            if (!_departments.TryGetValue(id, out var department))
            {
                await ErrorAsync(http, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
                return;
            }
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["@odata.context"] = $"{BaseUrl}/$metadata#users(department)/$entity",
                ["department"] = department,
            });
        });
    }
}
