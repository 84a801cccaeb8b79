using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>
/// surveysResults.publish {surveyId, waveId, version, confirmed?} (role Innovation): first the confirmation card, then,
/// confirmed, under <see cref="SurveyLock"/>: the closed wave's summary becomes visible to all staff (surveys.summary).
/// A card showing an older version of the survey changes nothing and gets the fresh results card; publishing twice is
/// publishing once.
/// </summary>
public sealed class PublishSummary(LabDbContext db, ResultsCard view, TimeProvider time) : IVerbHandler
{
    public const string Verb = "surveysResults.publish";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        if (!turn.IsPersonal) return turn.ErrorCard(turn.Word("surveysResults.personalOnly"));
        if (!CardInput.TryGetId(data, "surveyId", out var surveyId) || !CardInput.TryGetId(data, "waveId", out var waveId)
            || CardInput.WholeNumber(data, "version") is not { } version
            || await ResultsSurvey.LoadAsync(db, surveyId, ct) is not { } s || s.Waves.FirstOrDefault(w => w.Id == waveId) is not { } wave)
            return turn.ErrorCard(turn.Word("surveysResults.unknown"));

        if (!CardInput.Flag(data, "confirmed"))
        {
            var title = CardText.Plain(s.Survey.Title, SurveyLimits.Title);
            return new VerbResult.Card(turn.Card("surveys/publish-confirm", new JsonObject
            {
                ["heading"] = turn.Format("surveysResults.confirmTitle", wave.Number),
                ["text"] = turn.Format("surveysResults.confirmText", title, wave.Number),
                ["yesTitle"] = turn.Format("surveysResults.confirmYes", title, wave.Number),
                ["surveyId"] = surveyId,
                ["waveId"] = waveId,
                ["version"] = version,
            }));
        }

        string notice;
        await using (var locked = await SurveyLock.EnterAsync(db, surveyId, ct))
        {
            if (locked is null) return turn.ErrorCard(turn.Word("surveysResults.unknown"));
            var fresh = await db.SurveyWaves().SingleOrDefaultAsync(w => w.Id == waveId && w.SurveyId == surveyId, ct);
            if (fresh is null) return turn.ErrorCard(turn.Word("surveysResults.unknown"));
            if (fresh.SummaryPublished) notice = turn.Format("surveysResults.publishedNow", fresh.Number);
            else if (locked.VersionBefore != version) notice = turn.Word("surveysResults.stale");
            else if (fresh.Status != WaveStatus.Closed) notice = turn.Word("surveysResults.notClosed");
            else
            {
                fresh.SummaryPublished = true;
                fresh.PublishedAtUtc = time.GetUtcNow().UtcDateTime;
                await locked.CommitAsync(ct);
                notice = turn.Format("surveysResults.publishedNow", fresh.Number);
            }
        }

        db.ChangeTracker.Clear();
        var now = await ResultsSurvey.LoadAsync(db, surveyId, ct) ?? s;
        var q = now.Questions.Count > 0 ? now.Questions[0] : null;
        var figures = q is null ? [] : await view.FiguresAsync(now, q, 0, ct) ?? [];
        return new VerbResult.Card(await view.RenderAsync(turn, now, q, 0, figures, notice, ct));
    }
}
