using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "meine termine": the person's sign-ups, waitlist places and open offers for sessions that have not started,
/// soonest first, with the buttons that apply (offers can be answered right here).
/// </summary>
public sealed class ShowMyTrainings(LabDbContext db, SessionView view, TimeProvider time) : ITurnHandler, IVerbHandler
{
    public async Task HandleAsync(TurnContext turn, CancellationToken ct) => turn.ReplyCard("trainings/mine", await DataAsync(turn, ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("trainings/mine", await DataAsync(turn, ct)));

    private async Task<JsonObject> DataAsync(TurnContext turn, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var user = turn.UserAadObjectId ?? "";
        var rows = await (
            from r in db.TrainingRegistrations().AsNoTracking().Where(SeatRule.Active)
            join s in db.TrainingSessions().AsNoTracking() on r.SessionId equals s.Id
            join t in db.TrainingTools().AsNoTracking() on s.ToolId equals t.Id
            where r.UserAadObjectId == user && s.StartsAtUtc > now && s.Status == SessionStatus.Published
            orderby s.StartsAtUtc
            select new { Registration = r, Session = s, Tool = t.Name }).ToListAsync(ct);

        var items = new JsonArray();
        foreach (var row in rows)
        {
            var position = row.Registration.Status == RegistrationStatus.Waitlisted ? await Seats.PositionAsync(db, row.Registration, ct) : 0;
            var item = view.Summary(row.Session, row.Tool, turn.Lang);
            var standing = view.Standing(row.Session, row.Registration, position, 0, turn.Lang);
            foreach (var (key, value) in standing) item[key] = value?.DeepClone();
            items.Add(item);
        }
        return new JsonObject { ["items"] = items, ["empty"] = items.Count == 0 };
    }
}
