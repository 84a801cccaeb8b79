using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>The answers every lifecycle verb gives: the status card with a line on top, or an error card; and the card's ids read.</summary>
public sealed class LifecycleReply(LabDbContext db, LifecycleView view)
{
    public async Task<VerbResult> ManageAsync(TurnContext turn, long surveyId, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        db.ChangeTracker.Clear();
        return await view.ManageAsync(surveyId, turn.Lang, notice, ct) is { } card ? new VerbResult.Card(card) : NoSurvey(turn);
    }

    /// <summary>The card of a change refused because the card was stale: the fresh state, nothing changed.</summary>
    public Task<VerbResult> StaleAsync(TurnContext turn, long surveyId, CancellationToken ct) =>
        ManageAsync(turn, surveyId, turn.Word("surveysLifecycle.notice.stale"), ct);

    public Task<Survey?> SurveyAsync(long surveyId, CancellationToken ct) =>
        db.Surveys().AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId, ct);

    public Task<SurveyWave?> LastWaveAsync(long surveyId, CancellationToken ct) =>
        db.SurveyWaves().Where(w => w.SurveyId == surveyId).OrderByDescending(w => w.Number).FirstOrDefaultAsync(ct);

    public static bool TryRead(JsonObject data, out long surveyId, out int version)
    {
        version = 0;
        if (!CardInput.TryGetId(data, "surveyId", out surveyId)) return false;
        if (CardInput.WholeNumber(data, "version") is not { } v) return false;
        version = v;
        return true;
    }

    public static VerbResult UnknownUser(TurnContext turn) => turn.ErrorCard(turn.Word("surveysLifecycle.error.unknownUser"));

    public static VerbResult BadRequest(TurnContext turn) => turn.ErrorCard(turn.Word("surveysLifecycle.error.badRequest"));

    public static VerbResult NoSurvey(TurnContext turn) => turn.ErrorCard(turn.Word("surveysLifecycle.error.noSurvey"));
}
