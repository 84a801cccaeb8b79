using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "meine termine": the person's sign-ups, waitlist places and open offers for sessions that have not started, soonest
/// first, each with its status in words and its quick actions named after the session (details, calendar, cancel or
/// leave the waitlist, take or decline an offer). Cancelling goes through trainings.cancel, which asks first.
/// </summary>
public sealed class ShowMyTrainings(LabDbContext db, SessionView view, TimeProvider time, IEnumerable<IMyItemsSection> sections) : ITurnHandler, IVerbHandler
{
    /// <summary>
    /// Rows on the card: at most three buttons each (one ActionSet per row, so Teams never folds them into "…"), about
    /// 1.5 KB a row with its calendar link; 12 rows stay well below Teams' 28 KB. Nobody has more upcoming dates.
    /// </summary>
    public const int MaxShown = 12;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct) => turn.ReplyCard("trainings/mine", await DataAsync(turn, ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("trainings/mine", await DataAsync(turn, ct)));

    private async Task<JsonObject> DataAsync(TurnContext turn, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var user = turn.UserAadObjectId ?? "";
        var query =
            from r in db.TrainingRegistrations().AsNoTracking().Where(SeatRule.Active)
            join s in db.TrainingSessions().AsNoTracking() on r.SessionId equals s.Id
            join t in db.TrainingTools().AsNoTracking() on s.ToolId equals t.Id
            where r.UserAadObjectId == user && s.StartsAtUtc > now && s.Status == SessionStatus.Published
            select new { Registration = r, Session = s, Tool = t.Name };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.Session.StartsAtUtc).ThenBy(x => x.Session.Id).Take(MaxShown).ToListAsync(ct);

        var names = RowNames.For([.. rows.Select(r => r.Session)], turn.Lang);
        var items = new JsonArray();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var position = row.Registration.Status == RegistrationStatus.Waitlisted ? await Seats.PositionAsync(db, row.Registration, ct) : 0;
            var item = view.Summary(row.Session, row.Tool, turn.Lang);
            item["toolAndWhen"] = $"{CardText.Plain(row.Tool)} · {TrainingTime.Span(turn.Lang, row.Session.StartsAtUtc, row.Session.EndsAtUtc)}";
            var standing = view.Standing(row.Session, row.Registration, position, 0, turn.Lang);
            foreach (var (key, value) in standing) item[key] = value?.DeepClone();
            item["detailsTitle"] = turn.Format("trainings.browse.detailsOf", names[i]);
            item["calendarTitle"] = turn.Format("trainings.browse.calendarOf", names[i]);
            item["cancelTitle"] = turn.Format("trainings.browse.cancelOf", names[i]);
            item["leaveTitle"] = turn.Format("trainings.browse.leaveWaitlistOf", names[i]);
            item["acceptTitle"] = turn.Format("trainings.browse.acceptOf", names[i]);
            item["declineTitle"] = turn.Format("trainings.browse.declineOf", names[i]);
            items.Add(item);
        }
        var more = total - rows.Count;
        var others = new JsonArray();
        foreach (var section in sections)
        {
            if (await section.DescribeAsync(turn, ct) is not { } s) continue;
            others.Add(new JsonObject { ["heading"] = s.Heading, ["text"] = s.Text, ["buttonTitle"] = s.ButtonTitle, ["verb"] = s.Verb });
        }
        return new JsonObject
        {
            ["sections"] = others,
            ["items"] = items,
            ["empty"] = items.Count == 0,
            ["more"] = more > 0 ? turn.Format("trainings.mine.more", more) : "",
            ["hasMore"] = more > 0,
        };
    }
}
