using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Roles;

/// <summary>
/// The one role check, for turns (the router calls it before a handler runs) and for pages and exports (the endpoint
/// middleware). Staff is granted to whoever got through the door: for turns the token and tenant checks of
/// /api/messages; for endpoints an authenticated user, which the middleware insists on before asking here.
/// </summary>
public sealed class RoleGate(IRoleSource source)
{
    public async Task<bool> AllowsAsync(LabUser? user, Role required, CancellationToken ct)
    {
        if (required == Role.Staff) return true;
        // Without an object id we cannot tell who it is, so no assignment can apply.
        if (user is null) return false;
        return RoleRules.Grants(await source.RolesOfAsync(user, ct), required);
    }

    /// <summary>For handlers that show more to some roles (e.g. an extra button for the lab team).</summary>
    public Task<bool> AllowsAsync(TurnContext turn, Role required, CancellationToken ct) =>
        AllowsAsync(LabUser.From(turn), required, ct);
}
