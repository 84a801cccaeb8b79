using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Feedback;

/// <summary>
/// "Absenden" on the feedback card. Only someone marked present who has not answered yet may answer. The answer is
/// stored without any reference to the person, with a random id and the day only; the person's registration just
/// notes that they answered (no time). The conditional update of that note is the gate: of two clicks at once only
/// one stores an answer.
/// </summary>
/// <summary>What was entered on the feedback card, with a message per field when it could not be used (empty when fine).</summary>
public sealed record FeedbackAnswer(string Rating, string Comment, string RatingError, string CommentError);

public sealed class GiveFeedback(LabDbContext db, CardRenderer cards, Strings strings, SessionView view, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "sessionId", out var sessionId)) return TrainingAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return TrainingAnswers.UnknownUser(turn);
        var session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return TrainingAnswers.BadRequest(turn);
        var toolName = await view.ToolNameAsync(session.ToolId, ct);

        var mine = await db.TrainingRegistrations().AsNoTracking()
            .SingleOrDefaultAsync(r => r.SessionId == sessionId && r.UserAadObjectId == person.AadObjectId, ct);
        if (mine is not { Attendance: Attendance.Present }) return Done(turn, session, toolName, "notPossible");
        if (mine.FeedbackGiven) return Done(turn, session, toolName, "already");

        // Bad input changes nothing: the form comes back with what was entered and what to fix, field by field.
        var rating = CardInput.WholeNumber(data, "rating");
        var comment = CardInput.Text(data, "comment");
        var ratingError = rating is >= 1 and <= 5 ? "" : turn.Word("trainingsNotices.feedback.chooseRating");
        var commentError = comment.Length > TrainingLimits.Comment
            ? turn.Format("trainingsNotices.feedback.commentTooLong", TrainingLimits.Comment, comment.Length) : "";
        if (ratingError.Length > 0 || commentError.Length > 0)
            return Form(turn, session, toolName, new FeedbackAnswer(
                rating is { } kept && ratingError.Length == 0 ? kept.ToString(CultureInfo.InvariantCulture) : "", comment, ratingError, commentError));

        var today = DateOnly.FromDateTime(TrainingTime.ToBerlin(time.GetUtcNow().UtcDateTime));
        // The session lock keeps two answers to one session from re-writing its rows at the same time (below).
        await using var locked = await SessionLock.EnterAsync(db, sessionId, ct);
        if (locked is null) return Done(turn, session, toolName, "notPossible");
        // Only "given", no time, and the registration's UpdatedAtUtc stays: nothing on it says when the answer came.
        var gate = await db.TrainingRegistrations()
            .Where(r => r.Id == mine.Id && r.Attendance == Attendance.Present && !r.FeedbackGiven)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.FeedbackGiven, true), ct);
        if (gate == 0) return Done(turn, session, toolName, "already");
        await StoreShuffledAsync(sessionId, new TrainingFeedback { SessionId = sessionId, Rating = rating.GetValueOrDefault(), Comment = comment, SubmittedOn = today }, ct);
        await locked.CommitAsync(ct);
        return Done(turn, session, toolName, "thanks");
    }

    /// <summary>
    /// Random ids alone do not hide the order of answers: a table is stored (and dumped) in the order its rows were
    /// written (PostgreSQL's heap, SQLite's rowid). So every answer re-writes all answers of the session with new random
    /// ids in random order; afterwards no row, column or storage position tells which answer came when, and so none
    /// can be paired with the registrations of those present.
    /// </summary>
    private async Task StoreShuffledAsync(long sessionId, TrainingFeedback answer, CancellationToken ct)
    {
        var rows = await db.TrainingFeedback().AsNoTracking().Where(f => f.SessionId == sessionId).ToListAsync(ct);
        await db.TrainingFeedback().Where(f => f.SessionId == sessionId).ExecuteDeleteAsync(ct);
        rows.Add(answer);
        var shuffled = rows.Select(f => new TrainingFeedback
        {
            Id = Guid.NewGuid(),
            SessionId = f.SessionId,
            Rating = f.Rating,
            Comment = f.Comment,
            SubmittedOn = f.SubmittedOn,
        }).ToArray();
        Random.Shared.Shuffle(shuffled);
        foreach (var row in shuffled)
        {
            // One insert per row in this order: a batched insert could be ordered by the database or by EF.
            db.TrainingFeedback().Add(row);
            await db.SaveChangesAsync(ct);
        }
        db.ChangeTracker.Clear();
    }

    private VerbResult.Card Form(TurnContext turn, TrainingSession session, string toolName, FeedbackAnswer answer) =>
        new VerbResult.Card(RequestFeedback.Card(cards, strings, view, session, toolName, turn.Lang, answer));

    /// <summary>trainings/feedbackDone with the words trainingsNotices.feedbackDone.&lt;state&gt;.</summary>
    private VerbResult.Card Done(TurnContext turn, TrainingSession session, string toolName, string state) =>
        new VerbResult.Card(turn.Card("trainings/feedbackDone", new JsonObject
        {
            ["session"] = view.Summary(session, toolName, turn.Lang),
            ["title"] = turn.Format($"trainingsNotices.feedbackDone.{state}.title", CardText.Plain(session.Title)),
            ["text"] = turn.Word($"trainingsNotices.feedbackDone.{state}.text"),
        }));
}
