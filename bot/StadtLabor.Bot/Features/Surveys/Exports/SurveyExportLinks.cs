using System.Text;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>
/// The signed links to a survey's exports. Made for one person (tenant and object id signed into the link), for one
/// survey and one kind (each kind its own <see cref="LinkPurpose"/>, so a CSV link cannot be edited into another
/// kind), valid <see cref="Validity"/>. Every download asks the role source again: the results need ResearchPartner
/// (the innovation department passes, as everywhere); the raw answers need the research partner role (or Admin)
/// held by the person itself.
/// </summary>
public sealed class SurveyExportLinks(DownloadLinks links)
{
    public const string CsvPath = "exports/surveys/{0}.csv";
    public const string XlsxPath = "exports/surveys/{0}.xlsx";
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(15);

    public static LinkPurpose Purpose(SurveyExportKind kind) => kind switch
    {
        SurveyExportKind.ResultsCsv => LinkPurpose.SurveyResultsCsv,
        SurveyExportKind.ResultsXlsx => LinkPurpose.SurveyResultsXlsx,
        SurveyExportKind.RawCsv => LinkPurpose.SurveyRawCsv,
        SurveyExportKind.RawXlsx => LinkPurpose.SurveyRawXlsx,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool IsCsv(SurveyExportKind kind) => kind is SurveyExportKind.ResultsCsv or SurveyExportKind.RawCsv;

    public static bool IsRaw(SurveyExportKind kind) => kind is SurveyExportKind.RawCsv or SurveyExportKind.RawXlsx;

    public static LinkGrant Grant(LabUser person, long surveyId, SurveyExportKind kind, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new(Purpose(kind), surveyId, LinkHolder.Subject(person.TenantId, person.AadObjectId), nowUtc.Add(Validity));
    }

    public string? Url(LinkGrant grant, SurveyExportKind kind) => links.Url(grant, IsCsv(kind) ? CsvPath : XlsxPath);

    /// <summary>The download's address on this host ("/exports/surveys/….csv"), for a page that sends the browser there; null while the key is not loaded.</summary>
    public string? LocalPath(LinkGrant grant, SurveyExportKind kind) =>
        links.Token(grant) is { } token ? "/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, IsCsv(kind) ? CsvPath : XlsxPath, token) : null;

    /// <summary>The kind and grant of a genuine token for a file of this format; null for anything else.</summary>
    public (SurveyExportKind Kind, LinkGrant Grant)? Read(string token, bool csv)
    {
        SurveyExportKind[] kinds = csv ? [SurveyExportKind.ResultsCsv, SurveyExportKind.RawCsv] : [SurveyExportKind.ResultsXlsx, SurveyExportKind.RawXlsx];
        foreach (var kind in kinds)
            if (links.Read(token, Purpose(kind)) is { } grant) return (kind, grant);
        return null;
    }

    /// <summary>
    /// The raw answers only for a person who holds ResearchPartner or Admin themselves (the innovation department,
    /// which passes every ResearchPartner gate, does not), in an allowed tenant, as the role source says now.
    /// </summary>
    public static async Task<bool> HoldsPartnerRoleAsync(IServiceProvider services, LabUser person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(person);
        var tenants = services.GetRequiredService<IOptions<BotOptions>>().Value.AllowedTenants;
        if (!tenants.Contains(person.TenantId, StringComparer.OrdinalIgnoreCase)) return false;
        var held = await services.GetRequiredService<IRoleSource>().RolesOfAsync(person, ct);
        return held.Contains(Role.ResearchPartner) || held.Contains(Role.Admin);
    }

    /// <summary>A short German page for a refused download (the browser that opens it is not signed in, so no language).</summary>
    internal static IResult Refuse(Strings strings, int status, string key) =>
        TypedResults.Text(strings.Get(Strings.German, key), "text/plain; charset=utf-8", Encoding.UTF8, status);
}
