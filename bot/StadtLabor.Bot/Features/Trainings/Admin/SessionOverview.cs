using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// The data of the lab team's card trainings/manage: "Neuer Termin" on top, then the upcoming sessions, cancelled
/// ones marked, each with "Teilnehmende", "Bearbeiten" and "Absagen"; below them the sessions of the last two weeks
/// with "Anwesenheit eintragen" (only possible once a session has started) and "Rückmeldungen". Every lab-team use
/// case that changes a session answers with it (<see cref="ManageTrainings"/> shows it).
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
        var names = Names(turn, sessions, now);

        JsonObject Row(TrainingSession s)
        {
            var cancelled = s.Status == SessionStatus.Cancelled;
            var (taken, waiting) = (counts[s.Id].Taken, counts[s.Id].Waiting);
            var waitlist = waiting switch
            {
                0 => turn.Word("trainingsAdmin.waitlist.none"),
                1 => turn.Word("trainingsAdmin.waitlist.one"),
                _ => turn.Format("trainingsAdmin.waitlist.other", waiting),
            };
            var name = names[s.Id];
            return new JsonObject
            {
                ["id"] = s.Id,
                ["title"] = CardText.Plain(s.Title),
                ["tool"] = CardText.Plain(tools.GetValueOrDefault(s.ToolId, "")),
                ["when"] = TrainingTime.Span(turn.Lang, s.StartsAtUtc, s.EndsAtUtc),
                ["seats"] = cancelled ? turn.Word("trainingsAdmin.cancelledMark") : turn.Format("trainingsAdmin.seats", taken, s.Capacity, waitlist),
                ["cancelled"] = cancelled,
                ["open"] = !cancelled,
                // Button titles are plain text (no markdown), so the title goes in as typed.
                ["participantsTitle"] = turn.Format("trainingsAdmin.row.participants", name),
                ["editTitle"] = turn.Format("trainingsAdmin.row.edit", name),
                ["cancelTitle"] = turn.Format("trainingsAdmin.row.cancel", name),
                ["attendanceTitle"] = turn.Format("trainingsAdmin.row.attendance", name),
                ["feedbackTitle"] = turn.Format("trainingsAdmin.row.feedback", name),
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

    /// <summary>
    /// How the buttons name each session: "Miro für Einsteiger (Di., 8. Dez.)". A screen reader lists a card's buttons
    /// by name, so no two may be equal: two sessions with the same title on the same day get the time too
    /// ("Di., 8. Dez., 10:00 Uhr"), and if even that is equal, a number.
    /// </summary>
    public static IReadOnlyDictionary<long, string> Names(TurnContext turn, IReadOnlyList<TrainingSession> sessions, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(sessions);
        string ByDay(TrainingSession s) => turn.Format("trainingsAdmin.row.session", s.Title,
            Wording.Day(turn.Lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(s.StartsAtUtc)), nowUtc));
        string ByMoment(TrainingSession s) => turn.Format("trainingsAdmin.row.session", s.Title, Wording.Moment(turn.Lang, s.StartsAtUtc, nowUtc));

        var names = new Dictionary<long, string>();
        foreach (var sameDay in sessions.GroupBy(ByDay, StringComparer.OrdinalIgnoreCase))
        {
            var clash = sameDay.Count() > 1;
            string Name(TrainingSession s) => clash ? ByMoment(s) : ByDay(s);
            foreach (var sameTime in sameDay.GroupBy(Name, StringComparer.OrdinalIgnoreCase))
            {
                var n = 0;
                var many = sameTime.Count() > 1;
                foreach (var s in sameTime.OrderBy(s => s.Id)) names[s.Id] = many ? $"{Name(s)} {++n}" : Name(s);
            }
        }
        return names;
    }
}
