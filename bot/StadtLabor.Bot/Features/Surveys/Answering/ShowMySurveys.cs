using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>
/// "umfragen" (surveys.list): the surveys for me: open ones with "Beantworten" or "Weitermachen", ones I answered,
/// and the published summaries of closed ones (every staff member sees those, invited or not). "Nothing for you right
/// now" means nothing to answer; the summaries may still be listed below it. Which surveys someone answered is theirs alone, and answers are never
/// given where others read along, so in a group chat or channel the card goes to the person's 1:1 chat and the shared
/// conversation only hears that it was sent.
/// </summary>
public sealed class ShowMySurveys(MySurveys mine, IOptions<SurveysOptions> options, LabDbContext db, OutboxWriter outbox) : ITurnHandler, IVerbHandler
{
    /// <summary>Rows per group, each with a button; the rest is counted.</summary>
    public const int MaxShown = 10;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var card = await CardAsync(turn, ct);
        if (turn.IsPersonal)
        {
            turn.Reply(Activity.Card(card));
            return;
        }
        await SendPrivatelyAsync(turn, card, ct);
        turn.Reply(Activity.Message(turn.Word("error.privateReply")));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var card = await CardAsync(turn, ct);
        if (turn.IsPersonal) return new VerbResult.Card(card);
        await SendPrivatelyAsync(turn, card, ct);
        return new VerbResult.Message(turn.Word("error.privateReply"));
    }

    private async Task SendPrivatelyAsync(TurnContext turn, JsonObject card, CancellationToken ct)
    {
        if (turn.UserAadObjectId is not { Length: > 0 } user || turn.Activity.TenantId is not { Length: > 0 } tenant) return;
        // The activity id keys it: Teams re-delivers.
        var key = turn.Activity.Id is { Length: > 0 and <= 128 } id ? id : Guid.NewGuid().ToString("N");
        await outbox.ToUserAsync("surveys.list:" + key, tenant, user, Activity.Card(card), ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task<JsonObject> CardAsync(TurnContext turn, CancellationToken ct)
    {
        var all = turn.UserAadObjectId is { Length: > 0 } user ? await mine.ForAsync(user, ct) : [];
        var perPage = options.Value.QuestionsPerPage;
        var open = all.Where(s => s.State == MySurveyState.Open).ToList();
        var answered = all.Where(s => s.State == MySurveyState.Answered).ToList();
        var published = all.Where(s => s.State == MySurveyState.Published).OrderByDescending(s => s.ClosedAtUtc).ToList();
        return turn.Card("surveys/list", new JsonObject
        {
            ["empty"] = open.Count + answered.Count == 0,
            ["open"] = Rows(open, s =>
            {
                var title = AnswerCards.Title(turn, s.Title, s.WaveNumber);
                var pages = Math.Max(1, (s.QuestionCount + perPage - 1) / perPage);
                var status = turn.Format("surveysAnswer.list.closesOn", Wording.Day(turn.Lang, s.ClosesOn));
                var action = turn.Format("surveysAnswer.list.answer", title);
                if (s.DraftPage is { } page)
                {
                    var shown = Math.Clamp(page, 0, pages - 1) + 1;
                    action = turn.Format("surveysAnswer.list.resume", shown, pages, title);
                }
                return Row(s, title, status, action);
            }),
            ["hasOpen"] = open.Count > 0,
            ["moreOpen"] = More(turn, open.Count),
            ["hasMoreOpen"] = open.Count > MaxShown,
            ["answered"] = Rows(answered, s => Row(s, AnswerCards.Title(turn, s.Title, s.WaveNumber), turn.Word("surveysAnswer.list.thanks"), "")),
            ["hasAnswered"] = answered.Count > 0,
            ["published"] = Rows(published, s =>
            {
                var title = AnswerCards.Title(turn, s.Title, s.WaveNumber);
                var status = turn.Format("surveysAnswer.list.closed", s.ClosedAtUtc is { } c ? Wording.Day(turn.Lang, Berlin(c)) : Wording.Day(turn.Lang, s.ClosesOn));
                return Row(s, title, status, turn.Format("surveysAnswer.list.summary", title));
            }),
            ["hasPublished"] = published.Count > 0,
        });
    }

    private static DateOnly Berlin(DateTime utc) =>
        StadtLabor.Jobs.LabTime.BerlinDate(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private static JsonArray Rows(List<MySurvey> surveys, Func<MySurvey, JsonObject> row) => [.. surveys.Take(MaxShown).Select(row)];

    private static JsonObject Row(MySurvey s, string title, string status, string action) => new()
    {
        ["waveId"] = s.WaveId,
        ["title"] = title,
        ["status"] = status,
        ["actionTitle"] = action,
    };

    private static string More(TurnContext turn, int count) => count > MaxShown ? turn.Format("surveysAnswer.list.more", count - MaxShown) : "";
}
