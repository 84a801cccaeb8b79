using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// The data of the lab team's card trainings/manage: the upcoming sessions, cancelled ones marked, with "Bearbeiten",
/// "Teilnehmende" and "Absagen", and "Neuer Termin"; below them the sessions of the last two weeks with
/// "Teilnehmende" (to mark attendance, which is only possible once a session has started) and "Rückmeldungen".
/// Every lab-team use case that changes a session answers with it (<see cref="ManageTrainings"/> shows it).
/// </summary>
public sealed class SessionOverview(LabDbContext db, TimeProvider time)
{
    /// <summary>Enough for the next weeks; small enough for Teams' card size limit.</summary>
    public const int MaxShown = 15;

    /// <summary>Recent sessions stay here this long, for attendance and feedback.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(14);
    public const int MaxRecent = 5;

    public async Task<JsonObject> DataAsync(TurnContext turn, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var now = time.GetUtcNow().UtcDateTime;
        var upcoming = await db.TrainingSessions().AsNoTracking()
            .Where(s => s.StartsAtUtc > now)
            .OrderBy(s => s.StartsAtUtc).ThenBy(s => s.Id)
            .Take(MaxShown).ToListAsync(ct);
        var recentFrom = now - RecentWindow;
        var recent = await db.TrainingSessions().AsNoTracking()
            .Where(s => s.StartsAtUtc <= now && s.StartsAtUtc > recentFrom && s.Status == SessionStatus.Published)
            .OrderByDescending(s => s.StartsAtUtc).ThenByDescending(s => s.Id)
            .Take(MaxRecent).ToListAsync(ct);
        var sessions = upcoming.Concat(recent).ToList();
        var ids = sessions.Select(s => s.Id).ToList();
        var toolIds = sessions.Select(s => s.ToolId).Distinct().ToList();
        var tools = await db.TrainingTools().AsNoTracking().Where(t => toolIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var counts = await Seats.CountsAsync(db, ids, ct);

        JsonObject Row(TrainingSession s)
        {
            var cancelled = s.Status == SessionStatus.Cancelled;
            return new JsonObject
            {
                ["id"] = s.Id,
                ["title"] = CardText.Plain(s.Title),
                ["tool"] = CardText.Plain(tools.GetValueOrDefault(s.ToolId, "")),
                ["when"] = TrainingTime.Span(turn.Lang, s.StartsAtUtc, s.EndsAtUtc),
                ["seats"] = cancelled ? turn.Word("trainingsAdmin.cancelledMark") : turn.Format("trainingsAdmin.seats",
                    counts[s.Id].Taken, s.Capacity, counts[s.Id].Waiting),
                ["cancelled"] = cancelled,
                ["open"] = !cancelled,
            };
        }
        var rows = new JsonArray([.. upcoming.Select(s => (JsonNode)Row(s))]);
        var recentRows = new JsonArray([.. recent.Select(s => (JsonNode)Row(s))]);
        return new JsonObject
        {
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["sessions"] = rows,
            ["empty"] = rows.Count == 0,
            ["recent"] = recentRows,
            ["hasRecent"] = recentRows.Count > 0,
        };
    }
}
