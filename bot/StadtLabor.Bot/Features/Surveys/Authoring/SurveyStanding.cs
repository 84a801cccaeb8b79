using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Authoring;

/// <summary>
/// Where a survey stands for the management cards, from its waves: "läuft" while a wave runs, "abgeschlossen" once a
/// wave closed and none runs, else "Entwurf" (no wave started yet, planned ones included).
/// </summary>
public sealed record SurveyStanding(int Waves, bool Running, bool AnyClosed, bool Started)
{
    public static SurveyStanding Of(IReadOnlyCollection<WaveStatus> waves)
    {
        ArgumentNullException.ThrowIfNull(waves);
        return new(waves.Count, waves.Contains(WaveStatus.Running), waves.Contains(WaveStatus.Closed), waves.Any(w => w != WaveStatus.Planned));
    }

    public static async Task<Dictionary<long, SurveyStanding>> OfAsync(LabDbContext db, IReadOnlyCollection<long> surveyIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.SurveyWaves().AsNoTracking().Where(w => surveyIds.Contains(w.SurveyId))
            .Select(w => new { w.SurveyId, w.Status }).ToListAsync(ct);
        var bySurvey = rows.ToLookup(r => r.SurveyId, r => r.Status);
        return surveyIds.ToDictionary(id => id, id => Of([.. bySurvey[id]]));
    }

    public string Status(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return turn.Word("surveysAuthoring.list." + (Running ? "running" : AnyClosed ? "closed" : "draft"));
    }
}
