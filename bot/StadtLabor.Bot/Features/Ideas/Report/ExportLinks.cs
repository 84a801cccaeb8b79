using System.Text;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Ideas.Report;

/// <summary>
/// The signed links of the figures card to the export of all ideas. Made for one person of the innovation department
/// (tenant and object id signed into the link), valid <see cref="Validity"/>, and every download asks the RoleGate again
/// whether that person still holds Innovation: someone who left the department, or anyone a link was forwarded to,
/// gets 403. The export holds the names of submitters who did not choose anonymity, so it is a one-off download.
/// </summary>
public sealed class ExportLinks(DownloadLinks links)
{
    public const string CsvPath = "exports/ideas/{0}.csv";
    public const string XlsxPath = "exports/ideas/{0}.xlsx";
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(15);

    public static LinkGrant Grant(LabUser person, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new(LinkPurpose.IdeasExport, 0, LinkHolder.Subject(person.TenantId, person.AadObjectId), nowUtc.Add(Validity));
    }

    public string? Url(LinkGrant grant, string path) => links.Url(grant, path);

    /// <summary>Only within an allowed tenant and with the Innovation role (or Admin) as the role source says now.</summary>
    internal static Task<bool> StillInnovationAsync(IServiceProvider services, LinkGrant grant, CancellationToken ct) =>
        LinkHolder.StillHoldsAsync(services, grant, Role.Innovation, ct);

    /// <summary>A short German page for a refused download (the browser that opens it is not signed in, so no language).</summary>
    internal static IResult Refuse(Strings strings, int status, string key) =>
        Results.Text(strings.Get(Strings.German, key), "text/plain; charset=utf-8", Encoding.UTF8, status);
}
