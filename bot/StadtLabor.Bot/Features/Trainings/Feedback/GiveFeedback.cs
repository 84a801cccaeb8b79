using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Feedback;

/// <summary>
/// "Absenden" on the feedback card. Only someone marked present who has not answered yet may answer. The answer is
/// stored without any reference to the person and with the day only; the person's registration just notes that
/// they answered. The conditional update of that note is the gate: of two clicks at once only one stores an answer.
/// </summary>
public sealed class GiveFeedback(LabDbContext db, CardRenderer cards, SessionView view, TimeProvider time) : IVerbHandler
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
        if (mine.FeedbackGivenAtUtc is not null) return Done(turn, session, toolName, "already");

        // Bad input changes nothing: the form comes back with what to fix.
        var rating = CardInput.WholeNumber(data, "rating");
        if (rating is not (>= 1 and <= 5)) return Form(turn, session, toolName, turn.Word("trainingsNotices.feedback.chooseRating"));
        var comment = CardInput.Text(data, "comment");
        if (comment.Length > TrainingLimits.Comment)
            return Form(turn, session, toolName, turn.Format("trainingsNotices.feedback.commentTooLong", TrainingLimits.Comment, comment.Length));

        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        var gate = await db.TrainingRegistrations()
            .Where(r => r.Id == mine.Id && r.Attendance == Attendance.Present && r.FeedbackGivenAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.FeedbackGivenAtUtc, now).SetProperty(r => r.UpdatedAtUtc, now), ct);
        if (gate == 0) return Done(turn, session, toolName, "already");
        db.TrainingFeedback().Add(new TrainingFeedback
        {
            SessionId = sessionId,
            Rating = rating.Value,
            Comment = comment,
            SubmittedOn = DateOnly.FromDateTime(TrainingTime.ToBerlin(now)),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Done(turn, session, toolName, "thanks");
    }

    private VerbResult.Card Form(TurnContext turn, TrainingSession session, string toolName, string notice) =>
        new VerbResult.Card(RequestFeedback.Card(cards, view, session, toolName, turn.Lang, notice));

    /// <summary>trainings/feedbackDone with the words trainingsNotices.feedbackDone.&lt;state&gt;.</summary>
    private VerbResult.Card Done(TurnContext turn, TrainingSession session, string toolName, string state) =>
        new VerbResult.Card(turn.Card("trainings/feedbackDone", new JsonObject
        {
            ["session"] = view.Summary(session, toolName, turn.Lang),
            ["title"] = turn.Word($"trainingsNotices.feedbackDone.{state}.title"),
            ["text"] = turn.Word($"trainingsNotices.feedbackDone.{state}.text"),
        }));
}
