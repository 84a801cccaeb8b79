using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.CheckMemberGroups;

namespace StadtLabor.Bot.Graph.Roles;

/// <summary>Which of the given Entra groups a person is a transitive member of. The seam the role cache's tests replace.</summary>
public interface IMemberGroupsCheck
{
    /// <summary>The ids among <paramref name="groupIds"/> the person belongs to (transitively); throws when Graph cannot answer.</summary>
    Task<IReadOnlyList<string>> MemberOfAsync(string objectId, IReadOnlyList<string> groupIds, CancellationToken ct);
}

/// <summary>
/// POST /users/{id}/checkMemberGroups: transitive, and at most 20 group ids per request (Graph answers 400 beyond), so
/// the configured groups go in batches of 20. Needs GroupMember.Read.All and User.Read.All (application).
/// </summary>
public sealed class GraphMemberGroupsCheck(IServiceScopeFactory scopes) : IMemberGroupsCheck
{
    public const int MaxGroupsPerCall = 20;

    public async Task<IReadOnlyList<string>> MemberOfAsync(string objectId, IReadOnlyList<string> groupIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        // The client is scoped (its HttpClient comes from the factory); the cache that calls this is a singleton.
        await using var scope = scopes.CreateAsyncScope();
        var graph = scope.ServiceProvider.GetRequiredService<GraphServiceClient>();
        var found = new List<string>();
        foreach (var batch in groupIds.Chunk(MaxGroupsPerCall))
        {
            try
            {
                var answer = await graph.Users[objectId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
                    new CheckMemberGroupsPostRequestBody { GroupIds = [.. batch] }, cancellationToken: ct);
                found.AddRange(answer?.Value ?? []);
            }
            catch (ODataError e) when (e.ResponseStatusCode == 404)
            {
                // Not in the directory (a guest of another tenant, a deleted account): an answer, and it grants nothing.
                return [];
            }
        }
        return found;
    }
}
