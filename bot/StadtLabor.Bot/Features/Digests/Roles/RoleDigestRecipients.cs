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
/// Who gets role digests: found the way the desk's daily list finds the lab team (Lending's DeskRecipients): the
/// people with an active 1:1 chat whom the role source names (configuration now, Entra groups with Graph), asked once
/// per known chat and run; an Admin without a team role gets none. Those who switched role digests off
/// (PersonSettings.RoleDigests) are left out, read at each run, so an opt-out holds from the next edition on.
/// Only the 1:1 chat: these cards hold what colleagues in a shared chat may not see.
/// </summary>
public sealed class RoleDigestRecipients(LabDbContext db, IRoleSource roles, Languages languages)
{
    public async Task<IReadOnlyList<RoleReader>> ReadersAsync(CancellationToken ct)
    {
        var chats = await db.Installations().AsNoTracking()
            .Where(i => i.ConversationType == "personal" && i.Active && i.UserAadObjectId != null)
            .OrderByDescending(i => i.UpdatedAtUtc).ToListAsync(ct);
        var holders = new List<(string Tenant, string User, IReadOnlySet<Role> Held)>();
        foreach (var chat in chats.GroupBy(i => (i.TenantId, i.UserAadObjectId!)).Select(g => g.First()))
        {
            var address = chat.UserId is { Length: > 0 } userId ? new TeamsMemberAddress(chat.ServiceUrl, chat.ConversationId, userId) : null;
            var held = await roles.RolesOfAsync(new LabUser(chat.TenantId, chat.UserAadObjectId!, Member: address), ct);
            if (RoleSections.KindsFor(held).Count > 0) holders.Add((chat.TenantId, chat.UserAadObjectId!, held));
        }
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
