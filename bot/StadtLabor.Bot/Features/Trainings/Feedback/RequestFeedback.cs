using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Trainings.Feedback;

/// <summary>
/// Every 15 minutes: people marked present at a session that ended within <see cref="TrainingsOptions.FeedbackDays"/>
/// get the feedback card once. <see cref="Registration.FeedbackRequestedAtUtc"/> is set in the same save as the
/// outbox row, so a second run (or one after a restart) asks nobody twice.
/// </summary>
public sealed partial class RequestFeedback(
    LabDbContext db, OutboxWriter outbox, CardRenderer cards, Strings strings, SessionView view, Languages languages,
    IOptions<TrainingsOptions> options, TimeProvider time, ILogger<RequestFeedback> log) : ILabJob
{
    public const string Name = "TrainingFeedback";
    public const string DefaultCron = "0 0/15 * * * ?";

    public static string Key(Registration r) => $"trainings.feedback:{r.Id}";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-options.Value.FeedbackDays);
        var sessions = await db.TrainingSessions().AsNoTracking()
            .Where(s => s.Status == SessionStatus.Published && s.EndsAtUtc <= now && s.EndsAtUtc > since)
            .Where(s => db.TrainingRegistrations().Any(r => r.SessionId == s.Id && r.Attendance == Attendance.Present && r.FeedbackRequestedAtUtc == null))
            .ToListAsync(ct);

        var asked = 0;
        foreach (var session in sessions)
        {
            var toolName = await view.ToolNameAsync(session.ToolId, ct);
            var present = await db.TrainingRegistrations()
                .Where(r => r.SessionId == session.Id && r.Attendance == Attendance.Present && r.FeedbackRequestedAtUtc == null)
                .ToListAsync(ct);
            foreach (var tenant in present.GroupBy(p => p.TenantId))
            {
                var langs = await languages.ForPeopleAsync(tenant.Key, tenant.Select(p => p.UserAadObjectId), ct);
                foreach (var person in tenant)
                {
                    person.FeedbackRequestedAtUtc = now;
                    person.UpdatedAtUtc = now;
                    await outbox.ToUserAsync(Key(person), person.TenantId, person.UserAadObjectId,
                        Activity.Card(Card(cards, strings, view, session, toolName, langs.Of(person.UserAadObjectId, person.Lang))), ct);
                }
            }
            // One save per session: the marks and the outbox rows commit together.
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            asked += present.Count;
        }
        if (asked > 0) LogAsked(log, asked);
    }

    /// <summary>
    /// The card trainings/feedback; shown again with what was entered and each message under its field (and above
    /// the button) when an answer could not be used.
    /// </summary>
    public static JsonObject Card(CardRenderer cards, Strings strings, SessionView view, TrainingSession session, string toolName,
        string lang, FeedbackAnswer? answer = null)
    {
        ArgumentNullException.ThrowIfNull(cards);
        ArgumentNullException.ThrowIfNull(strings);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(session);
        answer ??= new FeedbackAnswer("", "", "", "");
        string[] errors = [.. new[] { answer.RatingError, answer.CommentError }.Where(e => e.Length > 0)];
        return cards.Render("trainings/feedback", lang, new JsonObject
        {
            ["heading"] = strings.Format(lang, "trainingsNotices.feedback.title", CardText.Plain(session.Title)),
            ["session"] = view.Summary(session, toolName, lang),
            ["rating"] = answer.Rating,
            ["comment"] = answer.Comment,
            ["ratingError"] = answer.RatingError,
            ["hasRatingError"] = answer.RatingError.Length > 0,
            ["commentError"] = answer.CommentError,
            ["hasCommentError"] = answer.CommentError.Length > 0,
            ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["text"] = e })]),
            ["hasErrors"] = errors.Length > 0,
            ["commentMax"] = TrainingLimits.Comment,
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training feedback requested from {Count} people")]
    private static partial void LogAsked(ILogger logger, int count);
}
