using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// Where the desk's messages to the lab team go: the lab team's channel (Lending:LabTeamConversationId) when it is
/// set and the app is installed there, otherwise each lab-team member's 1:1 chat that the bot knows. Members are the
/// people with an active 1:1 chat who hold LabTeam themselves (<see cref="RoleHolders"/>: configured ids, UPNs and the
/// members of the LabTeam Entra groups; an Admin who is not on the lab team is not sent the desk's daily list).
/// RoleHolders lists a group once instead of a Graph call per person with the app, which a return (a turn) cannot wait for.
/// </summary>
public sealed partial class DeskRecipients(
    LabDbContext db, OutboxWriter outbox, IConversationDirectory directory, RoleHolders holders, Languages languages,
    IOptions<LendingOptions> options, ILogger<DeskRecipients> log)
{
    private sealed record Member(string TenantId, string AadObjectId, string Lang);

    /// <summary>
    /// Queues one message per recipient with the key <paramref name="keyPrefix"/>:&lt;recipient&gt;, the card built in each
    /// recipient's language (German in the shared channel). Returns how many were new.
    /// </summary>
    public async Task<int> SendAsync(string keyPrefix, Func<string, JsonObject> card, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(card);
        var channelId = options.Value.LabTeamConversationId.Trim();
        if (channelId.Length > 0)
        {
            if (await directory.FindConversationAsync(channelId, ct) is { } channel)
                return await outbox.ToConversationAsync($"{keyPrefix}:channel", channel.TenantId, channel.ServiceUrl,
                    channel.ConversationId, Activity.Card(card(Strings.German)), ct) ? 1 : 0;
            // Better each member's chat than nobody: the channel may have lost the app.
            LogChannelMissing(log);
        }
        var sent = 0;
        foreach (var member in await MembersAsync(ct))
        {
            if (await outbox.ToUserAsync($"{keyPrefix}:{member.AadObjectId}", member.TenantId, member.AadObjectId,
                Activity.Card(card(member.Lang)), ct)) sent++;
        }
        return sent;
    }

    private async Task<List<Member>> MembersAsync(CancellationToken ct)
    {
        var chats = await db.Installations().AsNoTracking()
            .Where(i => i.ConversationType == "personal" && i.Active && i.UserAadObjectId != null)
            .OrderByDescending(i => i.UpdatedAtUtc).ToListAsync(ct);
        var candidates = chats.GroupBy(i => (i.TenantId, i.UserAadObjectId!)).Select(g => g.First()).Select(chat =>
            new LabUser(chat.TenantId, chat.UserAadObjectId!, Member: chat.UserId is { Length: > 0 } userId
                ? new TeamsMemberAddress(chat.ServiceUrl, chat.ConversationId, userId) : null));
        var members = (await holders.AmongAsync(Role.LabTeam, candidates, ct)).Select(p => (Tenant: p.TenantId, User: p.AadObjectId)).ToList();
        var result = new List<Member>();
        foreach (var tenant in members.GroupBy(m => m.Tenant))
        {
            var langs = await languages.ForPeopleAsync(tenant.Key, tenant.Select(m => m.User), ct);
            result.AddRange(tenant.Select(m => new Member(tenant.Key, m.User, langs.Of(m.User, Strings.German))));
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lending:LabTeamConversationId names a conversation the app is not installed in; the lab team's messages go to the members' 1:1 chats")]
    private static partial void LogChannelMissing(ILogger logger);
}
