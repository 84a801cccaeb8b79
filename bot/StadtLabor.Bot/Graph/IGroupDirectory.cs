namespace StadtLabor.Bot.Graph;

/// <summary>
/// Entra ID as a directory: the members of a group (transitive, paged) and a person's department. Audiences of surveys
/// and digests can be groups; a survey's department question offers the department as its default answer.
/// Without Graph (the embedded default) every answer is null: "cannot tell", and the caller says so.
/// </summary>
public interface IGroupDirectory
{
    /// <summary>The object ids of the group's users (transitive), or null when Graph cannot be asked.</summary>
    Task<IReadOnlyList<string>?> MembersAsync(string groupObjectId, CancellationToken ct);

    /// <summary>The person's department (Graph's user.department), or null when unknown or Graph cannot be asked.</summary>
    Task<string?> DepartmentOfAsync(string aadObjectId, CancellationToken ct);
}

/// <summary>The embedded default: no directory.</summary>
public sealed class NoGroupDirectory : IGroupDirectory
{
    public Task<IReadOnlyList<string>?> MembersAsync(string groupObjectId, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>?>(null);

    public Task<string?> DepartmentOfAsync(string aadObjectId, CancellationToken ct) => Task.FromResult<string?>(null);
}
