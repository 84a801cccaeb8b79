using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>
/// What both export verbs (and the survey dashboard page's export buttons, through <see cref="PrepareAsync"/>) do once
/// they know the person may have the export: check the survey from the payload against the database (it exists and
/// has a closed wave), log the export (<see cref="SurveyExport"/>: who, when, which survey, kind) and answer with the
/// card holding the signed link. Only in the person's 1:1 chat: the link carries
/// its own permission for 15 minutes.
/// </summary>
public sealed class ExportCard(LabDbContext db, SurveyExportLinks links, LinkKey key, SmallGroups smallGroups, Strings strings, TimeProvider time)
{
    public static bool TryRead(JsonObject data, out long surveyId, out bool csv)
    {
        ArgumentNullException.ThrowIfNull(data);
        var format = CardInput.Text(data, "format");
        csv = format == "csv";
        return CardInput.TryGetId(data, "surveyId", out surveyId) && format is "csv" or "xlsx";
    }

    public static SurveyExportKind Kind(bool raw, bool csv) =>
        raw ? (csv ? SurveyExportKind.RawCsv : SurveyExportKind.RawXlsx) : (csv ? SurveyExportKind.ResultsCsv : SurveyExportKind.ResultsXlsx);

    /// <summary>
    /// The export for this person once the caller knows they may have it (card and page alike): the survey must exist
    /// and have a closed wave; then the export is logged (<see cref="SurveyExport"/>: who, when, which survey, kind)
    /// and the signed link's grant comes back. The download asks the role source again.
    /// </summary>
    public async Task<PreparedExport> PrepareAsync(LabUser person, string? name, long surveyId, SurveyExportKind kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var survey = await db.Surveys().AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return new PreparedExport.Refused(ExportRefusal.UnknownSurvey);
        if (!await db.SurveyWaves().AnyAsync(w => w.SurveyId == surveyId && w.Status == WaveStatus.Closed, ct))
            return new PreparedExport.Refused(ExportRefusal.NoClosedWave);

        var now = time.GetUtcNow().UtcDateTime;
        await key.LoadAsync(ct);
        var grant = SurveyExportLinks.Grant(person, surveyId, kind, now);
        var url = links.Url(grant, kind);
        if (url is not null)
        {
            var who = (name ?? "").Trim();
            db.SurveyExports().Add(new SurveyExport
            {
                SurveyId = surveyId, Kind = kind, ByAadObjectId = person.AadObjectId,
                ByName = who.Length > SurveyLimits.Name ? who[..SurveyLimits.Name] : who, AtUtc = now,
            });
            await db.SaveChangesAsync(ct);
        }
        return new PreparedExport.Ready(survey, url is null ? null : grant, url);
    }

    public async Task<VerbResult> AnswerAsync(TurnContext turn, long surveyId, SurveyExportKind kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.IsPersonal) return turn.ErrorCard(turn.Word("surveysExport.personalOnly"));
        if (LabUser.From(turn) is not { } person) return turn.ErrorCard(turn.Word("surveysExport.badRequest"));
        var prepared = await PrepareAsync(person, turn.UserName, surveyId, kind, ct);
        if (prepared is PreparedExport.Refused refused)
            return turn.ErrorCard(turn.Word(refused.Why == ExportRefusal.UnknownSurvey ? "surveysExport.unknownSurvey" : "surveysExport.noClosedWave"));
        var (survey, _, url) = (PreparedExport.Ready)prepared;

        var raw = SurveyExportLinks.IsRaw(kind);
        var format = turn.Word(SurveyExportLinks.IsCsv(kind) ? "surveysExport.format.csv" : "surveysExport.format.xlsx");
        return new VerbResult.Card(turn.Card("surveys/export-links", new JsonObject
        {
            ["heading"] = turn.Word(raw ? "surveysExport.card.rawTitle" : "surveysExport.card.resultsTitle"),
            ["survey"] = CardText.Plain(survey.Title, SurveyLimits.Title),
            ["what"] = raw
                ? turn.Format("surveysExport.card.rawHint", smallGroups.MinGroupSize)
                : turn.Format("surveysExport.card.resultsHint", smallGroups.MinGroupSize),
            ["freeText"] = !raw ? "" : turn.Word(survey.FreeTextToPartner ? "surveysExport.card.freeTextIn" : "surveysExport.card.freeTextOut"),
            ["hasFreeText"] = raw,
            ["valid"] = turn.Format("surveysExport.card.valid", Wording.Duration(strings, turn.Lang, SurveyExportLinks.Validity)),
            ["hasLink"] = url is not null,
            ["noLink"] = url is null,
            ["url"] = url ?? "",
            ["download"] = turn.Format(raw ? "surveysExport.card.downloadRaw" : "surveysExport.card.downloadResults", format),
            ["back"] = turn.Format("surveysExport.card.back", CardText.Plain(survey.Title, SurveyLimits.Title)),
            ["surveyId"] = surveyId.ToString(CultureInfo.InvariantCulture),
        }));
    }
}

public enum ExportRefusal
{
    UnknownSurvey,
    NoClosedWave,
}

/// <summary>What preparing an export came to: the survey and its logged link's grant (null while the link key is not loaded), or why it was refused.</summary>
public abstract record PreparedExport
{
    public sealed record Ready(Survey Survey, LinkGrant? Grant, string? Url) : PreparedExport;

    public sealed record Refused(ExportRefusal Why) : PreparedExport;
}
