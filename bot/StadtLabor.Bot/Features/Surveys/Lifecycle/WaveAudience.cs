using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>One person to invite: the tenant they belong to and their Entra object id.</summary>
public sealed record Invitee(string TenantId, string AadObjectId);

/// <summary>Who a wave reaches, or the teams whose member list could not be fetched (then nobody: all or nothing).</summary>
public sealed record AudienceResult(IReadOnlyList<Invitee> People, IReadOnlyList<string> FailedTeams)
{
    public bool Complete => FailedTeams.Count == 0;
}

/// <summary>A team the bot is installed in: its id, the connector to ask and its name for the cards.</summary>
public sealed record InstalledTeam(string TeamId, string ServiceUrl, string TenantId);

/// <summary>
/// Who a survey's audience is, today: everyone with an active 1:1 installation of the app; listed people (object ids
/// from the people picker, in the survey's tenant); or the current members of listed teams where the app is installed
/// (asked from Teams through the connector: every member of such a team can be written to, the app came with the
/// team). Only allowed tenants. A team whose member list fails (429 after retries, 5xx) makes the whole result
/// incomplete, so a start never goes out to half the audience. Entra groups (Graph): their users, transitive, in the
/// survey's tenant; a group Graph cannot read counts like a failed team. Members without the app get it installed by
/// the outbox when Graph:InstallForUsers is on (their invitation waits for it), else their invitation ends dead.
/// </summary>
public sealed partial class WaveAudience(LabDbContext db, ConnectorClient connector, IGroupDirectory groups, IOptions<BotOptions> bot,
    IOptions<GraphOptions> graph, ILogger<WaveAudience> log)
{
    public IReadOnlySet<string> AllowedTenants
    {
        get
        {
            var o = bot.Value;
            return (o.AllowedTenants.Count > 0 ? o.AllowedTenants : [o.TenantId]).Where(t => t.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Entra groups as an audience need Graph (members are read there); without it the plan card does not offer them.</summary>
    public bool GroupsOffered => graph.Value.Enabled;

    /// <summary>The teams where the bot is installed (active), one row per team.</summary>
    public async Task<IReadOnlyList<InstalledTeam>> TeamsAsync(CancellationToken ct)
    {
        var allowed = AllowedTenants;
        var rows = await db.Installations().AsNoTracking().Where(i => i.Active && i.TeamId != null)
            .OrderByDescending(i => i.UpdatedAtUtc).Select(i => new InstalledTeam(i.TeamId!, i.ServiceUrl, i.TenantId)).ToListAsync(ct);
        return rows.Where(t => allowed.Contains(t.TenantId)).DistinctBy(t => t.TeamId).OrderBy(t => t.TeamId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The people with the app: active 1:1 installations in an allowed tenant.</summary>
    public async Task<IReadOnlyList<Invitee>> EveryoneAsync(CancellationToken ct)
    {
        var allowed = AllowedTenants;
        var rows = await db.Installations().AsNoTracking()
            .Where(i => i.Active && i.ConversationType == "personal" && i.UserAadObjectId != null)
            .Select(i => new Invitee(i.TenantId, i.UserAadObjectId!)).Distinct().ToListAsync(ct);
        return rows.Where(r => allowed.Contains(r.TenantId)).DistinctBy(r => r.AadObjectId).ToList();
    }

    public async Task<AudienceResult> ResolveAsync(Survey survey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var ids = WavePlanRules.Split(survey.Audience);
        switch (survey.AudienceKind)
        {
            case AudienceKind.Everyone:
                return new AudienceResult(await EveryoneAsync(ct), []);
            case AudienceKind.People:
                if (!AllowedTenants.Contains(survey.TenantId)) return new AudienceResult([], []);
                return new AudienceResult(ids.Where(id => Guid.TryParse(id, out _)).Distinct(StringComparer.Ordinal)
                    .Select(id => new Invitee(survey.TenantId, id)).ToList(), []);
            case AudienceKind.Groups:
                return await GroupMembersAsync(survey, ids, ct);
            default:
                var teams = (await TeamsAsync(ct)).ToDictionary(t => t.TeamId, StringComparer.Ordinal);
                var people = new List<Invitee>();
                var failed = new List<string>();
                foreach (var id in ids)
                {
                    // A team that lost the bot since the plan: nobody of it can be reached; the manage card names it.
                    if (!teams.TryGetValue(id, out var team))
                    {
                        failed.Add(id);
                        continue;
                    }
                    var (result, members) = await connector.GetAllMembersAsync(team.ServiceUrl, team.TeamId, ct);
                    if (result is not SendResult.Sent)
                    {
                        LogRosterFailed(log, result.GetType().Name);
                        failed.Add(id);
                        continue;
                    }
                    foreach (var m in members)
                    {
                        var tenant = string.IsNullOrEmpty(m.TenantId) ? team.TenantId : m.TenantId;
                        if (Guid.TryParse(m.AadObjectId, out var g) && AllowedTenants.Contains(tenant)) people.Add(new Invitee(tenant, g.ToString("D")));
                    }
                }
                return failed.Count > 0
                    ? new AudienceResult([], failed)
                    : new AudienceResult(people.DistinctBy(p => p.AadObjectId).ToList(), []);
        }
    }

    /// <summary>All or nothing, as for teams: a group Graph cannot read (or a tenant not allowed) stops the start.</summary>
    private async Task<AudienceResult> GroupMembersAsync(Survey survey, IReadOnlyList<string> groupIds, CancellationToken ct)
    {
        if (!AllowedTenants.Contains(survey.TenantId)) return new AudienceResult([], []);
        var people = new List<Invitee>();
        var failed = new List<string>();
        foreach (var id in groupIds.Distinct(StringComparer.Ordinal))
        {
            if (await groups.MembersAsync(id, ct) is { } members) people.AddRange(members.Select(m => new Invitee(survey.TenantId, m)));
            else failed.Add(id);
        }
        return failed.Count > 0 ? new AudienceResult([], failed) : new AudienceResult(people.DistinctBy(p => p.AadObjectId).ToList(), []);
    }

    /// <summary>Team names for the cards (Teams tells them; without an answer "Team 1", "Team 2").</summary>
    public async Task<IReadOnlyDictionary<string, string>> TeamNamesAsync(IReadOnlyList<InstalledTeam> teams, Func<int, string> fallback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(fallback);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var team in teams.Take(30))
        {
            n++;
            var name = await connector.GetTeamNameAsync(team.ServiceUrl, team.TeamId, ct);
            names[team.TeamId] = name is { Length: > 0 } ? Cards.CardText.Plain(name, 80) : fallback(n);
        }
        return names;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A team's member list could not be fetched for a survey wave ({Result}); the wave does not start")]
    private static partial void LogRosterFailed(ILogger logger, string result);
}
