using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>
/// surveysExport.results {surveyId, format: "csv"|"xlsx"} (role ResearchPartner; the innovation department passes):
/// the card with a signed 15-minute link to the aggregated results (<see cref="DownloadSurveyExport"/>), logged.
/// </summary>
public sealed class ExportResults(ExportCard card) : IVerbHandler
{
    public const string Verb = "surveysExport.results";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!ExportCard.TryRead(data, out var surveyId, out var csv)) return turn.ErrorCard(turn.Word("surveysExport.badRequest"));
        return await card.AnswerAsync(turn, surveyId, ExportCard.Kind(raw: false, csv), ct);
    }
}
