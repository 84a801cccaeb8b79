using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>A reader of role digests: who, in which language, with which assigned roles.</summary>
public sealed record RoleReader(string TenantId, string AadObjectId, string Lang, IReadOnlySet<Role> Held);

/// <summary>
/// Who gets role digests: the people with an active 1:1 chat who hold a team role, found like the desk's daily list
/// (<see cref="RoleHolders"/>: configured object ids and UPNs, Entra group members through Graph, one listing per role
/// and run instead of a role lookup per person); an Admin without a team role gets none. Those who switched role
/// digests off (PersonSettings.RoleDigests) are left out, read at each run, so an opt-out holds from the next edition
/// on. Only the 1:1 chat: these cards hold what colleagues in a shared chat may not see.
/// </summary>
public sealed class RoleDigestRecipients(LabDbContext db, RoleHolders roleHolders, Languages languages)
{
    /// <summary>Every role a person can be assigned (Staff is everyone's): the reader's whole assigned set, as the sections expect.</summary>
    private static readonly Role[] Assignable = [.. Enum.GetValues<Role>().Where(r => r != Role.Staff)];

    public async Task<IReadOnlyList<RoleReader>> ReadersAsync(CancellationToken ct)
    {
        var chats = await db.Installations().AsNoTracking()
            .Where(i => i.ConversationType == "personal" && i.Active && i.UserAadObjectId != null)
            .OrderByDescending(i => i.UpdatedAtUtc).ToListAsync(ct);
        var candidates = chats.GroupBy(i => (i.TenantId, i.UserAadObjectId!)).Select(g => g.First())
            .Select(chat => new LabUser(chat.TenantId, chat.UserAadObjectId!,
                Member: chat.UserId is { Length: > 0 } userId ? new TeamsMemberAddress(chat.ServiceUrl, chat.ConversationId, userId) : null))
            .ToList();
        var held = new Dictionary<(string Tenant, string User), HashSet<Role>>();
        foreach (var role in Assignable)
            foreach (var person in await roleHolders.AmongAsync(role, candidates, ct))
            {
                var key = (person.TenantId, person.AadObjectId);
                if (!held.TryGetValue(key, out var roles)) held[key] = roles = [];
                roles.Add(role);
            }
        var holders = held.Where(h => RoleSections.KindsFor(h.Value).Count > 0)
            .Select(h => (Tenant: h.Key.Tenant, User: h.Key.User, Held: (IReadOnlySet<Role>)h.Value)).ToList();
        if (holders.Count == 0) return [];

        var ids = holders.Select(h => h.User).ToList();
        var optedOut = (await db.PersonSettings().AsNoTracking().Where(s => ids.Contains(s.UserAadObjectId) && !s.RoleDigests)
            .Select(s => new { s.TenantId, s.UserAadObjectId }).ToListAsync(ct)).Select(s => (s.TenantId, s.UserAadObjectId)).ToHashSet();
        var readers = new List<RoleReader>();
        foreach (var tenant in holders.Where(h => !optedOut.Contains((h.Tenant, h.User))).GroupBy(h => h.Tenant))
        {
            var langs = await languages.ForPeopleAsync(tenant.Key, tenant.Select(h => h.User), ct);
            readers.AddRange(tenant.Select(h => new RoleReader(tenant.Key, h.User, langs.Of(h.User, Strings.German), h.Held)));
        }
        return readers;
    }
}
