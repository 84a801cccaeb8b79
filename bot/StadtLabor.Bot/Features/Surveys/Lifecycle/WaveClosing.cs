using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle;

/// <summary>
/// The one way a wave closes, for the close job and for "Vorzeitig beenden": status Closed with the moment (the
/// retention of its answers runs from it), every draft of the wave deleted (they name people; unsent answers are not
/// answers), and the survey's creator told in their 1:1 chat with the status card ("… ist beendet – Ergebnisse
/// ansehen"), keyed "surveys.closed:{waveId}" so a second close tells nobody twice. The pending rows stay: they are
/// the participation record that stops a second answer and that "meine daten" shows, and the retention purge removes them.
/// Run it under <see cref="SurveyLock"/>; on PostgreSQL the status update waits for answers in flight (they hold the
/// wave's row shared), so none lands after the close.
/// </summary>
public sealed class WaveClosing(LabDbContext db, OutboxWriter outbox, LifecycleView view, Languages languages, Strings strings, TimeProvider time)
{
    public static string Key(long waveId) => $"surveys.closed:{waveId}";

    public async Task CloseAsync(LockedSurvey locked, long waveId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(locked);
        var survey = locked.Survey;
        var wave = await db.SurveyWaves().SingleAsync(w => w.Id == waveId && w.SurveyId == survey.Id, ct);
        if (wave.Status == WaveStatus.Closed) return;
        var now = time.GetUtcNow().UtcDateTime;
        wave.Status = WaveStatus.Closed;
        wave.ClosedAtUtc = now;
        survey.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        await db.SurveyDrafts().Where(d => d.WaveId == waveId).ExecuteDeleteAsync(ct);
        // The answers written once more in random order with new ids: the order of writing is gone from them too.
        await ShuffleAnswers.RunAsync(db, waveId, ct);

        if (survey.CreatedByAadObjectId.Length == 0) return;
        var lang = await languages.ForPersonAsync(survey.TenantId, survey.CreatedByAadObjectId, Strings.German, ct);
        var notice = strings.Format(lang, "surveysLifecycle.notice.closed", CardText.Plain(survey.Title, SurveyLimits.Title));
        if (await view.ManageAsync(survey.Id, lang, notice, ct) is { } card)
            await outbox.ToUserAsync(Key(waveId), survey.TenantId, survey.CreatedByAadObjectId, Activity.Card(card), ct);
    }
}
