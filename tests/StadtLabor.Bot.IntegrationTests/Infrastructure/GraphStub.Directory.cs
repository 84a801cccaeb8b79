using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// Entra group membership as Graph keeps it: <c>POST /v1.0/users/{id}/checkMemberGroups</c> with
/// <c>{"groupIds":[…]}</c> answers <c>{"value":[ids the user is a transitive member of]}</c>; more than 20 ids, an
/// empty list or an id that is not a GUID is a 400, a user the directory does not have a 404. Groups can contain
/// groups (transitive). Tests that add a membership remove it again: the fixture is shared.
/// </summary>
public sealed partial class GraphStub
{
    /// <summary>Graph's limit on groupIds per checkMemberGroups request.</summary>
    public const int MaxCheckedGroups = 20;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _memberOf = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _deletedUsers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes the user (or group) a direct member of the group.</summary>
    public void AddToGroup(string memberId, string groupId) =>
        _memberOf.GetOrAdd(memberId, _ => new(StringComparer.OrdinalIgnoreCase))[groupId] = 0;

    public void RemoveFromGroup(string memberId, string groupId)
    {
        if (_memberOf.TryGetValue(memberId, out var groups)) groups.TryRemove(groupId, out _);
    }

    /// <summary>The direct members of a group (users or groups), e.g. for a group-members endpoint.</summary>
    public IReadOnlyList<string> DirectMembersOf(string groupId) =>
        [.. _memberOf.Where(m => m.Value.ContainsKey(groupId)).Select(m => m.Key)];

    /// <summary>From now on the directory does not know this user (404), as after a deletion; <see cref="RestoreUser"/> undoes it.</summary>
    public void DeleteUser(string userId) => _deletedUsers[userId] = 0;

    public void RestoreUser(string userId) => _deletedUsers.TryRemove(userId, out _);

    /// <summary>Every group the object belongs to, directly or through groups in groups.</summary>
    private HashSet<string> TransitiveGroupsOf(string objectId)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var next = new Queue<string>([objectId]);
        while (next.TryDequeue(out var current))
            if (_memberOf.TryGetValue(current, out var groups))
                foreach (var group in groups.Keys)
                    if (found.Add(group)) next.Enqueue(group);
        return found;
    }

    partial void MapDirectory(WebApplication app)
    {
        app.MapPost("/v1.0/users/{id}/checkMemberGroups", async (string id, HttpContext http) =>
        {
            if (!Guid.TryParse(id, out _) || _deletedUsers.ContainsKey(id))
            {
                await ErrorAsync(http, 404, "Request_ResourceNotFound",
                    $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
                return;
            }
            var body = await JsonNode.ParseAsync(http.Request.Body);
            var ids = (body?["groupIds"] as JsonArray)?.Select(n => n?.GetValue<string>()).ToList();
            if (ids is null || ids.Count == 0 || ids.Any(g => !Guid.TryParse(g, out _)))
            {
                await ErrorAsync(http, 400, "Request_BadRequest", "Invalid value specified for property 'groupIds' of resource 'DirectoryObject'.");
                return;
            }
            if (ids.Count > MaxCheckedGroups)
            {
                await ErrorAsync(http, 400, "Request_BadRequest", $"The number of groupIds ({ids.Count}) exceeds the limit of {MaxCheckedGroups}.");
                return;
            }
            var member = TransitiveGroupsOf(id);
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)",
                ["value"] = new JsonArray([.. ids.Where(g => member.Contains(g!)).Select(g => JsonValue.Create(g))]),
            });
        });
    }
}
