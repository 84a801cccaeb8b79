using System.Text.Json.Nodes;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Exports;

/// <summary>
/// surveysExport.raw {surveyId, format}: the card with a signed link to the raw answers (<see cref="RawFile"/>), only
/// for a person who holds the research partner role (or Admin) themselves. The route's gate lets the innovation
/// department through (it sees every result the partner sees), so this asks the role source for the held roles and
/// refuses everyone else with a card saying why and what they may export instead.
/// </summary>
public sealed class ExportRaw(ExportCard card, IServiceProvider services) : IVerbHandler
{
    public const string Verb = "surveysExport.raw";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!ExportCard.TryRead(data, out var surveyId, out var csv)) return turn.ErrorCard(turn.Word("surveysExport.badRequest"));
        if (LabUser.From(turn) is not { } person || !await SurveyExportLinks.HoldsPartnerRoleAsync(services, person, ct))
            return turn.ErrorCard(turn.Word("surveysExport.rawOnlyPartner"));
        return await card.AnswerAsync(turn, surveyId, ExportCard.Kind(raw: true, csv), ct);
    }
}
