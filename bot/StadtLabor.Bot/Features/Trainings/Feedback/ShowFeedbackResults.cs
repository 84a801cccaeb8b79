using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Feedback;

/// <summary>
/// For the lab team: the feedback of one session (data sessionId) or of all sessions of a tool (data toolId). Figures
/// and comments only from <see cref="PrivacyOptions.MinGroupSize"/> answers on, so a small group's answers cannot be
/// traced back to a person; below that only "n of k".
/// </summary>
public sealed class ShowFeedbackResults(LabDbContext db, IOptions<PrivacyOptions> privacy) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        string subject;
        IQueryable<TrainingFeedback> answers;
        if (CardInput.TryGetId(data, "sessionId", out var sessionId)
            && await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct) is { } session)
        {
            subject = $"{CardText.Plain(session.Title)} · {TrainingTime.Span(turn.Lang, session.StartsAtUtc, session.EndsAtUtc)}";
            answers = db.TrainingFeedback().Where(f => f.SessionId == sessionId);
        }
        else if (CardInput.TryGetId(data, "toolId", out var toolId)
            && await db.TrainingTools().AsNoTracking().SingleOrDefaultAsync(t => t.Id == toolId, ct) is { } tool)
        {
            subject = turn.Format("trainingsNotices.results.allOfTool", CardText.Plain(tool.Name));
            answers = db.TrainingFeedback().Where(f => db.TrainingSessions().Any(s => s.Id == f.SessionId && s.ToolId == toolId));
        }
        else
        {
            return Card(turn, "", turn.Word("trainingsNotices.results.nothingChosen"), null);
        }

        var rows = await answers.AsNoTracking().Select(f => new { f.Rating, f.Comment }).ToListAsync(ct);
        var k = privacy.Value.MinGroupSize;
        if (rows.Count < k) return Card(turn, subject, turn.Format("trainingsNotices.results.tooFew", rows.Count, k), null);

        var culture = Strings.Culture(turn.Lang);
        var figures = new JsonObject
        {
            ["count"] = rows.Count.ToString(culture),
            ["average"] = rows.Average(r => r.Rating).ToString("0.0", culture),
            ["distribution"] = new JsonArray([.. Enumerable.Range(1, 5).Reverse().Select(n => (JsonNode)new JsonObject
            {
                ["title"] = turn.Word($"trainingsNotices.feedback.rating{n}"),
                ["value"] = rows.Count(r => r.Rating == n).ToString(culture),
            })]),
            // Not in the order they came in (that order could hint at who wrote what).
            ["comments"] = new JsonArray([.. rows.Where(r => r.Comment.Length > 0)
                .OrderByDescending(r => r.Rating).ThenBy(r => r.Comment, StringComparer.Ordinal)
                .Select(r => (JsonNode)new JsonObject { ["text"] = CardText.Plain(r.Comment), ["rating"] = r.Rating.ToString(culture) })]),
        };
        figures["hasComments"] = figures["comments"]!.AsArray().Count > 0;
        return Card(turn, subject, "", figures);
    }

    private static VerbResult.Card Card(TurnContext turn, string subject, string notice, JsonObject? figures) =>
        new VerbResult.Card(turn.Card("trainings/feedbackResults", new JsonObject
        {
            ["subject"] = subject,
            ["hasSubject"] = subject.Length > 0,
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["hasFigures"] = figures is not null,
            ["figures"] = figures ?? new JsonObject
            {
                ["count"] = "",
                ["average"] = "",
                ["distribution"] = new JsonArray(),
                ["comments"] = new JsonArray(),
                ["hasComments"] = false,
            },
        }));
}
