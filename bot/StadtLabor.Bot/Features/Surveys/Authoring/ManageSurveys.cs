using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// "umfragen verwalten" / "manage surveys" and surveysAdmin.list (innovation department): every survey, newest first,
/// with its status (Entwurf, läuft, abgeschlossen), how many waves and who created it; "Bearbeiten" opens the editor,
/// "Verwalten" the lifecycle's status card, "Neue Umfrage" the template choice.
/// </summary>
public sealed class ManageSurveys(LabDbContext db, TimeProvider time) : ITurnHandler, IVerbHandler
{
    /// <summary>Rows per card: a card stays well under Teams' message size.</summary>
    public const int Shown = 25;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.ReplyCard("surveys/admin-list", await DataAsync(turn, ct));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return new VerbResult.Card(turn.Card("surveys/admin-list", await DataAsync(turn, ct)));
    }

    private async Task<JsonObject> DataAsync(TurnContext turn, CancellationToken ct)
    {
        var total = await db.Surveys().CountAsync(ct);
        var surveys = await db.Surveys().AsNoTracking().OrderByDescending(s => s.CreatedAtUtc).ThenByDescending(s => s.Id).Take(Shown)
            .Select(s => new { s.Id, s.Title, s.CreatedByName, s.CreatedAtUtc }).ToListAsync(ct);
        var standing = await SurveyStanding.OfAsync(db, [.. surveys.Select(s => s.Id)], ct);
        var now = time.GetUtcNow().UtcDateTime;
        // Buttons must name their survey uniquely: a repeated title gets its running number among the same titles.
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var repeated = surveys.GroupBy(s => s.Title, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rows = surveys.Select(s =>
        {
            var title = CardText.Plain(s.Title, SurveyLimits.Title);
            if (repeated.Contains(s.Title))
            {
                seen[s.Title] = seen.GetValueOrDefault(s.Title) + 1;
                title += " (" + seen[s.Title] + ")";
            }
            var st = standing[s.Id];
            return (JsonNode)new JsonObject
            {
                ["surveyId"] = s.Id,
                ["title"] = title,
                ["status"] = turn.Format("surveysAuthoring.list.status", st.Status(turn)),
                ["waves"] = turn.Format("surveysAuthoring.list.waves", st.Waves),
                ["createdBy"] = turn.Format("surveysAuthoring.list.createdBy", CardText.Plain(s.CreatedByName, SurveyLimits.Name),
                    Wording.Day(turn.Lang, LabTime.BerlinDate(new DateTimeOffset(DateTime.SpecifyKind(s.CreatedAtUtc, DateTimeKind.Utc))), now)),
                ["editTitle"] = turn.Format("surveysAuthoring.list.edit", title),
                ["manageTitle"] = turn.Format("surveysAuthoring.list.manage", title),
            };
        });
        return new JsonObject
        {
            ["surveys"] = new JsonArray([.. rows]),
            ["empty"] = surveys.Count == 0,
            ["hasMore"] = total > surveys.Count,
            ["more"] = turn.Format("surveysAuthoring.list.more", total - surveys.Count),
        };
    }
}
