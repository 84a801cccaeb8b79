using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Surveys.Lifecycle.Jobs;

/// <summary>
/// Every night at 0:05: running waves whose last day is over (ClosesOn before the run's Berlin day) close, exactly as
/// "Vorzeitig beenden" closes them (<see cref="WaveClosing"/>), each under its survey's lock. A second run finds them
/// closed and does nothing. The waves still running get their answers rewritten in random order
/// (<see cref="ShuffleAnswers"/>), empty slots among the filled ones: a backstop for answers that "Absenden" did not
/// rewrite since (more than Surveys:MixOnSubmit answers, or the mix switched off), so no write order outlasts a day.
/// </summary>
public sealed partial class CloseDueWaves(LabDbContext db, WaveClosing closing, ILogger<CloseDueWaves> log) : ILabJob
{
    public const string Name = "CloseSurveyWaves";
    public const string DefaultCron = "0 5 0 * * ?";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(period.Start.DateTime);
        var due = await db.SurveyWaves().AsNoTracking().Where(w => w.Status == WaveStatus.Running && w.ClosesOn < today)
            .OrderBy(w => w.Id).Select(w => new { w.Id, w.SurveyId }).ToListAsync(ct);
        var closed = 0;
        foreach (var d in due)
        {
            await using var locked = await SurveyLock.EnterAsync(db, d.SurveyId, ct);
            if (locked is null) continue;
            // Extended or closed by hand since it was read: decided again under the lock.
            if (!await db.SurveyWaves().AnyAsync(w => w.Id == d.Id && w.Status == WaveStatus.Running && w.ClosesOn < today, ct)) continue;
            await closing.CloseAsync(locked, d.Id, ct);
            await locked.CommitAsync(ct);
            closed++;
        }
        if (closed > 0) LogClosed(log, closed);

        var running = await db.SurveyWaves().AsNoTracking().Where(w => w.Status == WaveStatus.Running).Select(w => w.Id).ToListAsync(ct);
        foreach (var id in running) await ShuffleAnswers.RunAsync(db, id, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey waves closed: {Count}")]
    private static partial void LogClosed(ILogger logger, int count);
}
