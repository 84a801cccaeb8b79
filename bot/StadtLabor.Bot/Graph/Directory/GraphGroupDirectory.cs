using System.Collections.Concurrent;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;

namespace StadtLabor.Bot.Graph.Directory;

/// <summary>
/// Entra ID through Graph: a group's users (GET /groups/{id}/transitiveMembers/microsoft.graph.user?$select=id, page by
/// page along @odata.nextLink) and a person's department (GET /users/{id}?$select=department, kept a few minutes).
/// Any failure is "cannot tell" (null), never half an answer: an audience of half a group would be a wrong audience.
/// </summary>
public sealed partial class GraphGroupDirectory(IServiceScopeFactory scopes, TimeProvider time, ILogger<GraphGroupDirectory> log) : IGroupDirectory
{
    /// <summary>A city's largest group is a few thousand people; far more pages than that means a loop, not a group.</summary>
    public const int MaxPages = 500;

    /// <summary>Departments change seldom; a survey's pages are turned within minutes.</summary>
    public static readonly TimeSpan DepartmentLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The department is a convenience on a card the person is waiting for: Graph gets this long, then no default.</summary>
    public static readonly TimeSpan DepartmentTimeout = TimeSpan.FromSeconds(3);

    private const int MaxCached = 20_000;

    private readonly ConcurrentDictionary<string, (string? Department, DateTime Until)> _departments = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<string>?> MembersAsync(string groupObjectId, CancellationToken ct)
    {
        if (!Guid.TryParse(groupObjectId, out var group)) return null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var graph = scope.ServiceProvider.GetRequiredService<GraphServiceClient>();
            var users = graph.Groups[group.ToString("D")].TransitiveMembers.GraphUser;
            var page = await users.GetAsync(r =>
            {
                r.QueryParameters.Select = ["id"];
                r.QueryParameters.Top = 999;
            }, ct);
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var n = 1; page is not null; n++)
            {
                foreach (var user in page.Value ?? [])
                    if (Guid.TryParse(user.Id, out var id)) ids.Add(id.ToString("D"));
                if (string.IsNullOrEmpty(page.OdataNextLink)) return [.. ids.Order(StringComparer.Ordinal)];
                if (n >= MaxPages) break;
                // The next link is Graph's own URL; the host guard refuses it (and keeps our token) if it points elsewhere.
                page = await users.WithUrl(page.OdataNextLink).GetAsync(cancellationToken: ct);
            }
            LogMembersFailed(log, 0, "too many pages");
            return null;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogMembersFailed(log, e is ApiException api ? api.ResponseStatusCode : 0, e.GetType().Name);
            return null;
        }
    }

    public async Task<string?> DepartmentOfAsync(string aadObjectId, CancellationToken ct)
    {
        if (!Guid.TryParse(aadObjectId, out var user)) return null;
        var key = user.ToString("D");
        var now = time.GetUtcNow().UtcDateTime;
        if (_departments.TryGetValue(key, out var cached) && cached.Until > now) return cached.Department;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DepartmentTimeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var graph = scope.ServiceProvider.GetRequiredService<GraphServiceClient>();
            var found = await graph.Users[key].GetAsync(r => r.QueryParameters.Select = ["department"], timeout.Token);
            var department = string.IsNullOrWhiteSpace(found?.Department) ? null : found.Department.Trim();
            if (_departments.Count >= MaxCached) _departments.Clear();
            _departments[key] = (department, now + DepartmentLifetime);
            return department;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // Not cached: the next page of the survey asks again (Graph may be back).
            LogDepartmentFailed(log, e is ApiException api ? api.ResponseStatusCode : 0);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph: a group's members could not be read ({Status} {Why})")]
    private static partial void LogMembersFailed(ILogger logger, int status, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph: a department could not be read (status {Status}, 0: no answer); no default answer")]
    private static partial void LogDepartmentFailed(ILogger logger, int status);
}
