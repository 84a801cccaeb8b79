using System.Text;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Lending.Records;

/// <summary>
/// The signed links of the records card. Both are made for one lab-team member (tenant and object id signed into the
/// link) and every download asks the RoleGate again whether that member still holds LabTeam, so a member who left
/// the team, or anyone they forwarded a link to, gets 403.
/// <para>
/// Feeds live long: a calendar subscription is fetched by Outlook for months and must keep working without anyone
/// clicking. A feed link is valid <see cref="FeedValidity"/> (the card says until when; a fresh one comes with every
/// opening of the card); revoking one early means taking the member out of the role, and all of them at once means
/// rotating Links:Key. The history holds every borrower's name and is a one-off download: 15 minutes, as the
/// trainings' participant exports.
/// </para>
/// </summary>
public sealed class RecordLinks(DownloadLinks links)
{
    public const string FeedPath = "feeds/lending/{0}.ics";
    public const string CsvPath = "exports/lending/{0}.csv";
    public const string XlsxPath = "exports/lending/{0}.xlsx";
    public static readonly TimeSpan FeedValidity = TimeSpan.FromDays(365);
    public static readonly TimeSpan HistoryValidity = TimeSpan.FromMinutes(15);

    /// <summary>Target of the feed of all items.</summary>
    public const long AllItems = 0;

    public static LinkGrant Feed(long itemId, LabUser member, DateTime nowUtc) =>
        new(LinkPurpose.LendingFeed, itemId, Subject(member), nowUtc.Add(FeedValidity));

    public static LinkGrant History(LabUser member, DateTime nowUtc) =>
        new(LinkPurpose.LendingHistory, 0, Subject(member), nowUtc.Add(HistoryValidity));

    public string? Url(LinkGrant grant, string path) => links.Url(grant, path);

    private static string Subject(LabUser member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return LinkHolder.Subject(member.TenantId, member.AadObjectId);
    }

    /// <summary>Only with the LabTeam role (or Admin) in an allowed tenant, as the role source says now.</summary>
    internal static Task<bool> StillLabTeamAsync(IServiceProvider services, LinkGrant grant, CancellationToken ct) =>
        LinkHolder.StillHoldsAsync(services, grant, Role.LabTeam, ct);

    /// <summary>A short German page for a refused download (the browser that opens it is not signed in, so no language).</summary>
    internal static IResult Refuse(Strings strings, int status, string key) =>
        Results.Text(strings.Get(Strings.German, key), "text/plain; charset=utf-8", Encoding.UTF8, status);
}
