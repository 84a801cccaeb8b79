using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Trainings.Feedback;

/// <summary>
/// All feedback of one tool as the tables <see cref="SmallGroups"/> decides on: the tool, its sessions, each session's
/// ratings 5 to 1; and the comments per session. Always the whole tool, whichever session or tool a card asks for, so
/// a session gets the same decision on every card and no two cards can be subtracted from each other.
/// The tool's figures are built from the sessions that pass on their own (a small session is in no total at all); the
/// comments of all sessions are pooled for the tool, with complementary suppression of session lists where needed.
/// </summary>
public sealed record FeedbackTable(TrainingTool Tool, IReadOnlyList<TrainingSession> Sessions, Group Ratings, TextGroup Comments)
{
    public static string ToolKey => "tool";

    public static string SessionKey(long sessionId) => $"session:{sessionId}";

    public static string RatingKey(long sessionId, int rating) => $"session:{sessionId}:rating:{rating}";

    public static async Task<FeedbackTable> LoadAsync(LabDbContext db, TrainingTool tool, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tool);
        var sessions = await db.TrainingSessions().AsNoTracking().Where(s => s.ToolId == tool.Id).OrderBy(s => s.StartsAtUtc).ThenBy(s => s.Id).ToListAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var answers = await db.TrainingFeedback().AsNoTracking().Where(f => ids.Contains(f.SessionId))
            .Select(f => new { f.SessionId, f.Rating, f.Comment }).ToListAsync(ct);
        var bySession = answers.ToLookup(a => a.SessionId);

        var ratings = new Group(ToolKey, answers.Count, answers.Sum(a => a.Rating), [.. sessions.Select(s =>
        {
            var mine = bySession[s.Id].ToList();
            return new Group(SessionKey(s.Id), mine.Count, mine.Sum(a => a.Rating),
                [.. Enumerable.Range(1, 5).Reverse().Select(r => new Group(RatingKey(s.Id, r), mine.Count(a => a.Rating == r)))]);
        })], TotalRule.FromPassingParts);
        var comments = new TextGroup(ToolKey, [], [.. sessions.Select(s =>
            new TextGroup(SessionKey(s.Id), [.. bySession[s.Id].Where(a => a.Comment.Length > 0).Select(a => a.Comment)]))]);
        return new FeedbackTable(tool, sessions, ratings, comments);
    }
}
