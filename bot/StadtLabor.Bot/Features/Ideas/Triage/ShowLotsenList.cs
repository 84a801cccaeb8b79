using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// "lotsen" (command) and ideasTriage.queue {mine?, page?}: the open ideas (eingereicht, in Prüfung), oldest first,
/// 15 a page, each with its age, the day its first answer is due (and "überfällig" once it passed unanswered), who is
/// in charge, and a button to open it. "Nur meine" shows the ideas assigned to the clicker.
/// </summary>
public sealed class ShowLotsenList(LabDbContext db, LotsenDirectory lotsen, Strings strings, TimeProvider time) : ITurnHandler, IVerbHandler
{
    public const int PageSize = 15;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (Person.From(turn) is not { } person)
        {
            turn.ReplyCard("shared/error", new JsonObject { ["reason"] = turn.Word("ideasTriage.unknownUser") });
            return;
        }
        turn.Reply(Activity.Card(await CardAsync(turn, person, mine: false, page: 1, ct)));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TriageAnswers.UnknownUser(turn);
        return new VerbResult.Card(await CardAsync(turn, person, CardInput.Flag(data, "mine"), CardInput.WholeNumber(data, "page") ?? 1, ct));
    }

    private async Task<JsonObject> CardAsync(TurnContext turn, Person person, bool mine, int page, CancellationToken ct)
    {
        await lotsen.SeenAsync(person, ct);
        var open = db.Ideas().AsNoTracking().Where(i => i.Status == IdeaStatus.Submitted || i.Status == IdeaStatus.InReview);
        if (mine) open = open.Where(i => i.AssignedAadObjectId == person.AadObjectId);
        var total = await open.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var ideas = await open.OrderBy(i => i.SubmittedAtUtc).ThenBy(i => i.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;

        var rows = ideas.Select(i => (JsonNode)new JsonObject
        {
            ["id"] = i.Id,
            ["title"] = turn.Format("ideasTriage.show.heading", i.Id, CardText.Plain(i.Title, IdeaLimits.Title)),
            ["facts"] = new JsonArray(
                Fact(turn.Word("ideas.fact.status"), turn.Word("ideas.status." + i.Status.Key())),
                Fact(turn.Word("ideasTriage.fact.submitted"), turn.Format("ideasTriage.fact.age",
                    Wording.Day(turn.Lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(i.SubmittedAtUtc)), now), Age(turn.Lang, now - i.SubmittedAtUtc))),
                Fact(turn.Word("ideas.fact.due"), TriageView.Due(turn, i, now)),
                Fact(turn.Word("ideas.fact.assigned"), i.AssignedName is { Length: > 0 } name ? CardText.Plain(name, IdeaLimits.Name) : turn.Word("ideas.channel.unassigned"))),
            ["openTitle"] = turn.Format("ideasTriage.queue.open", i.Id, CardText.Plain(i.Title, 60)),
        }).ToArray();

        return turn.Card("ideas/queue", new JsonObject
        {
            ["heading"] = turn.Word(mine ? "ideasTriage.queue.headingMine" : "ideasTriage.queue.heading"),
            ["rows"] = new JsonArray(rows),
            ["empty"] = rows.Length == 0,
            ["emptyText"] = turn.Word(mine ? "ideasTriage.queue.emptyMine" : "ideasTriage.queue.empty"),
            ["mine"] = mine,
            ["toggleMine"] = !mine,
            ["toggleTitle"] = turn.Word(mine ? "ideasTriage.queue.all" : "ideasTriage.queue.onlyMine"),
            ["paged"] = pages > 1,
            ["pageText"] = turn.Format("ideasTriage.queue.page", page, pages),
            ["hasPrevious"] = page > 1,
            ["previousPage"] = page - 1,
            ["previousTitle"] = turn.Format("ideasTriage.queue.previous", page - 1),
            ["hasNext"] = page < pages,
            ["nextPage"] = page + 1,
            ["nextTitle"] = turn.Format("ideasTriage.queue.next", page + 1),
        });
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    /// <summary>How long it waits, in whole days (or hours, minutes on its first day), said in words.</summary>
    private string Age(string lang, TimeSpan age)
    {
        var rounded = age.TotalDays >= 1 ? TimeSpan.FromDays(Math.Floor(age.TotalDays))
            : age.TotalHours >= 1 ? TimeSpan.FromHours(Math.Floor(age.TotalHours))
            : TimeSpan.FromMinutes(Math.Max(1, Math.Floor(age.TotalMinutes)));
        return Wording.Duration(strings, lang, rounded);
    }
}
