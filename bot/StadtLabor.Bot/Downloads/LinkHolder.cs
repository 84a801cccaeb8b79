using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Downloads;

/// <summary>
/// A link made for one person with a role (an export, a feed): their tenant and object id are signed into the link's
/// subject as "tenant/object id", and every download asks the role source again whether they still hold the role in an
/// allowed tenant. A bearer link can be forwarded or outlive a role; this makes it worth nothing then (403).
/// </summary>
public static class LinkHolder
{
    public static string Subject(string tenantId, string aadObjectId) => tenantId + "/" + aadObjectId;

    /// <summary>The person a link was made for; null for a subject of another form (e.g. a link from before the tenant was in it).</summary>
    public static LabUser? Of(LinkGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var parts = grant.Subject.Split('/');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? new LabUser(parts[0], parts[1]) : null;
    }

    /// <summary>Only within an allowed tenant and with the role (or Admin) as the role source says now.</summary>
    public static async Task<bool> StillHoldsAsync(IServiceProvider services, LinkGrant grant, Role role, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (Of(grant) is not { } holder) return false;
        var tenants = services.GetRequiredService<IOptions<BotOptions>>().Value.AllowedTenants;
        if (!tenants.Contains(holder.TenantId, StringComparer.OrdinalIgnoreCase)) return false;
        return await services.GetRequiredService<RoleGate>().AllowsAsync(holder, role, ct);
    }
}
