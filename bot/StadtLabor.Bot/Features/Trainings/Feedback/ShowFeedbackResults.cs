using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Feedback;

/// <summary>
/// For the lab team: the feedback of one session (data sessionId) or of all sessions of a tool (data toolId). Every
/// figure and every comment goes through <see cref="SmallGroups"/> on the whole tool's table (<see cref="FeedbackTable"/>),
/// so neither a card nor an edited payload nor two cards side by side show anything about fewer than
/// Privacy:MinGroupSize people, and comments only from Privacy:MinFreeTextSize on. Below that there is no number, not
/// even "3 of 5".
/// </summary>
public sealed class ShowFeedbackResults(LabDbContext db, SmallGroups smallGroups) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        TrainingSession? session = null;
        long toolId = 0;
        if (CardInput.TryGetId(data, "sessionId", out var sessionId))
            session = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is not null) toolId = session.ToolId;
        else if (!CardInput.TryGetId(data, "toolId", out toolId)) toolId = 0;
        var tool = toolId > 0 ? await db.TrainingTools().AsNoTracking().SingleOrDefaultAsync(t => t.Id == toolId, ct) : null;
        if (tool is null) return Card(turn, new Subject(turn.Word("trainingsNotices.results.title"), "", null), turn.Word("trainingsNotices.results.nothingChosen"), null);

        var table = await FeedbackTable.LoadAsync(db, tool, ct);
        var figures = smallGroups.Figures(table.Ratings);
        var texts = smallGroups.Texts(table.Comments);
        return session is null ? Tool(turn, table, figures, texts) : Session(turn, session, tool, figures, texts);
    }

    /// <summary>What the card is about: its heading names it, with the session's time below and a way to the whole tool.</summary>
    private sealed record Subject(string Heading, string When, TrainingTool? WholeTool);

    private VerbResult.Card Session(TurnContext turn, TrainingSession session, TrainingTool tool, IReadOnlyDictionary<string, Figure> figures,
        IReadOnlyDictionary<string, TextFigure> texts)
    {
        var subject = new Subject(turn.Format("trainingsNotices.results.titleSession", CardText.Plain(session.Title)),
            TrainingTime.Span(turn.Lang, session.StartsAtUtc, session.EndsAtUtc), tool);
        var mine = figures[FeedbackTable.SessionKey(session.Id)];
        if (!mine.Shown) return Card(turn, subject, turn.Format("trainingsNotices.results.tooFew", smallGroups.MinGroupSize), null);
        var shown = Figures(turn, mine, texts[FeedbackTable.SessionKey(session.Id)]);
        shown["distribution"] = new JsonArray([.. Enumerable.Range(1, 5).Reverse().Select(r => (JsonNode)new JsonObject
        {
            ["title"] = turn.Word($"trainingsNotices.feedback.rating{r}"),
            ["value"] = Count(turn, figures[FeedbackTable.RatingKey(session.Id, r)]),
        })]);
        shown["hasDistribution"] = true;
        return Card(turn, subject, "", shown);
    }

    private VerbResult.Card Tool(TurnContext turn, FeedbackTable table, IReadOnlyDictionary<string, Figure> figures,
        IReadOnlyDictionary<string, TextFigure> texts)
    {
        var subject = new Subject(turn.Format("trainingsNotices.results.allOfTool", CardText.Plain(table.Tool.Name)), "", null);
        var all = figures[FeedbackTable.ToolKey];
        if (!all.Shown) return Card(turn, subject, turn.Format("trainingsNotices.results.toolTooFew", smallGroups.MinGroupSize), null);
        var shown = Figures(turn, all, texts[FeedbackTable.ToolKey]);
        shown["sessions"] = new JsonArray([.. table.Sessions.Select(s => (JsonNode)new JsonObject
        {
            ["title"] = TrainingTime.Span(turn.Lang, s.StartsAtUtc, s.EndsAtUtc),
            ["value"] = figures[FeedbackTable.SessionKey(s.Id)] is { Shown: true } f
                ? turn.Format("trainingsNotices.results.sessionFigures", Count(turn, f), Mean(turn, f))
                : Count(turn, figures[FeedbackTable.SessionKey(s.Id)]),
        })]);
        shown["hasSessions"] = true;
        var notice = turn.Format("trainingsNotices.results.fromSessions", smallGroups.MinGroupSize, all.FromParts.Count, table.Sessions.Count);
        return Card(turn, subject, notice, shown);
    }

    private JsonObject Figures(TurnContext turn, Figure group, TextFigure comments) => new()
    {
        ["count"] = Count(turn, group),
        ["average"] = Mean(turn, group),
        ["distribution"] = new JsonArray(),
        ["hasDistribution"] = false,
        ["sessions"] = new JsonArray(),
        ["hasSessions"] = false,
        ["comments"] = new JsonArray([.. comments.Texts.Select(t => (JsonNode)new JsonObject { ["text"] = CardText.Plain(t) })]),
        ["hasComments"] = comments.Shown,
        ["commentsNote"] = comments.Why switch
        {
            Withheld.None => "",
            Withheld.Complementary => turn.Word("trainingsNotices.results.commentsWithheld"),
            _ => turn.Format("trainingsNotices.results.commentsTooFew", smallGroups.MinFreeTextSize),
        },
        ["hasCommentsNote"] = !comments.Shown,
    };

    /// <summary>A count as the card says it: the number, or words without a number.</summary>
    private string Count(TurnContext turn, Figure f) => f switch
    {
        { Shown: true, People: { } n } => n.ToString(Strings.Culture(turn.Lang)),
        { Why: Withheld.TooFew } => turn.Format("smallGroups.fewerThan", smallGroups.MinGroupSize),
        _ => turn.Word("smallGroups.withheld"),
    };

    private static string Mean(TurnContext turn, Figure f) =>
        f.Mean is { } mean ? mean.ToString("0.0", Strings.Culture(turn.Lang)) : "–";

    private static VerbResult.Card Card(TurnContext turn, Subject subject, string notice, JsonObject? figures) =>
        new(turn.Card("trainings/feedbackResults", new JsonObject
        {
            ["heading"] = subject.Heading,
            ["when"] = subject.When,
            ["hasWhen"] = subject.When.Length > 0,
            ["hasTool"] = subject.WholeTool is not null,
            ["toolId"] = subject.WholeTool?.Id ?? 0,
            // A button title is plain text: the tool's name goes in as it is.
            ["toolTitle"] = subject.WholeTool is { } whole ? turn.Format("trainingsNotices.results.allOfToolButton", whole.Name) : "",
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["hasFigures"] = figures is not null,
            ["figures"] = figures ?? new JsonObject
            {
                ["count"] = "",
                ["average"] = "",
                ["distribution"] = new JsonArray(),
                ["hasDistribution"] = false,
                ["sessions"] = new JsonArray(),
                ["hasSessions"] = false,
                ["comments"] = new JsonArray(),
                ["hasComments"] = false,
                ["commentsNote"] = "",
                ["hasCommentsNote"] = false,
            },
        }));
}
