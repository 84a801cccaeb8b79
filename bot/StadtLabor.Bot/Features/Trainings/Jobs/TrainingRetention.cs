using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Trainings.Feedback;

namespace StadtLabor.Bot.Features.Trainings.Jobs;

/// <summary>Who signed up for a session (with name and attendance): kept for the lab team's statistics after the session ended.</summary>
public sealed class PurgeTrainingRegistrations(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "TrainingRegistrations";

    public int DefaultDays => 365;

    public Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct) =>
        db.TrainingRegistrations()
            .Where(r => db.TrainingSessions().Any(s => s.Id == r.SessionId && s.EndsAtUtc < cutoffUtc))
            .ExecuteDeleteAsync(ct);
}

/// <summary>
/// Feedback comments are free text and could say who wrote them; after a while only the anonymous rating stays
/// (the count and average remain comparable over the years). Counted from the day the answer was given.
/// </summary>
public sealed class PurgeTrainingFeedbackComments(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "TrainingFeedbackComments";

    public int DefaultDays => 730;

    public Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        // SubmittedOn is a Berlin date; an answer from the cutoff day itself is kept one more day.
        var cutoffDay = DateOnly.FromDateTime(TrainingTime.ToBerlin(cutoffUtc));
        return db.TrainingFeedback()
            .Where(f => f.SubmittedOn < cutoffDay && f.Comment != "")
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Comment, ""), ct);
    }
}

/// <summary>"Tell me about the next session": once told, the wish is fulfilled and kept only a short while.</summary>
public sealed class PurgeNotifiedTrainingInterests(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "NotifiedTrainingInterests";

    public int DefaultDays => 90;

    public Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct) =>
        db.TrainingInterests().Where(i => i.NotifiedAtUtc != null && i.NotifiedAtUtc < cutoffUtc).ExecuteDeleteAsync(ct);
}
