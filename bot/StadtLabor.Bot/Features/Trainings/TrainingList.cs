using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// The data of the card trainings/list: upcoming sessions grouped by tool, with free seats or the waitlist and the
/// person's own standing; a row of tool buttons filters. Tools without a date offer "Interesse melden". Shared by
/// the use cases that show the list (<see cref="ShowTrainings"/>, <see cref="RegisterInterest"/>).
/// </summary>
public sealed class TrainingList(LabDbContext db, SessionView view, RoleGate roles, TimeProvider time)
{
    /// <summary>Sessions on the unfiltered card: enough for a few weeks, small enough for Teams' card size limit.</summary>
    public const int MaxShown = 12;

    public async Task<JsonObject> DataAsync(TurnContext turn, long? toolId, string notice, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lang = turn.Lang;
        var tools = await db.TrainingTools().AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        if (toolId is { } wanted && tools.All(t => t.Id != wanted)) toolId = null;

        var sessions = await db.TrainingSessions().AsNoTracking()
            .Where(s => s.Status == SessionStatus.Published && s.StartsAtUtc > now && (toolId == null || s.ToolId == toolId))
            .OrderBy(s => s.StartsAtUtc).ThenBy(s => s.Id)
            .Take(MaxShown + 1).ToListAsync(ct);
        var more = sessions.Count > MaxShown;
        if (more) sessions.RemoveAt(MaxShown);
        var ids = sessions.Select(s => s.Id).ToList();

        var counts = await Seats.CountsAsync(db, ids, ct);

        var user = turn.UserAadObjectId ?? "";
        var mine = await db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.UserAadObjectId == user && ids.Contains(r.SessionId))
            .ToDictionaryAsync(r => r.SessionId, r => r.Status, ct);
        var interests = await db.TrainingInterests().AsNoTracking()
            .Where(i => i.UserAadObjectId == user && i.NotifiedAtUtc == null)
            .Select(i => i.ToolId).ToListAsync(ct);

        var groups = new JsonArray();
        foreach (var tool in tools.Where(t => toolId == null || t.Id == toolId))
        {
            var rows = new JsonArray();
            foreach (var s in sessions.Where(s => s.ToolId == tool.Id))
            {
                var mineText = mine.TryGetValue(s.Id, out var status) ? Short(turn, status) : "";
                rows.Add(new JsonObject
                {
                    ["id"] = s.Id,
                    ["title"] = CardText.Plain(s.Title),
                    ["when"] = TrainingTime.Span(lang, s.StartsAtUtc, s.EndsAtUtc),
                    ["where"] = CardText.Plain(s.Place.Length > 0 ? s.Place : turn.Word("trainings.online")),
                    ["seats"] = view.SeatsText(lang, s.Capacity,
                        counts[s.Id].Taken, counts[s.Id].Waiting),
                    ["mine"] = mineText,
                    ["hasMine"] = mineText.Length > 0,
                });
            }
            // Unfiltered, a tool whose dates are all beyond the first page is left out rather than shown as "no date".
            if (rows.Count == 0 && toolId == null && more) continue;
            groups.Add(new JsonObject
            {
                ["toolId"] = tool.Id,
                ["name"] = CardText.Plain(tool.Name),
                ["sessions"] = rows,
                ["hasSessions"] = rows.Count > 0,
                ["noSessions"] = rows.Count == 0,
                ["interestRegistered"] = interests.Contains(tool.Id),
                ["canRegisterInterest"] = rows.Count == 0 && !interests.Contains(tool.Id),
            });
        }

        return new JsonObject
        {
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            // Choice values are strings in Adaptive Cards; the filter button sends the chosen one back as "toolId".
            ["filters"] = new JsonArray([.. tools.Select(t => (JsonNode)new JsonObject
            {
                ["value"] = t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["name"] = t.Name,
            })]),
            ["selectedToolId"] = toolId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all",
            ["groups"] = groups,
            ["empty"] = groups.Count == 0,
            ["more"] = more && toolId is null,
            // Only a shortcut for the lab team; the manage verbs check the role themselves.
            ["canManage"] = await roles.AllowsAsync(turn, Role.LabTeam, ct),
        };
    }

    private static string Short(TurnContext turn, RegistrationStatus status) => status switch
    {
        RegistrationStatus.Booked => turn.Word("trainings.short.booked"),
        RegistrationStatus.Waitlisted => turn.Word("trainings.short.waitlisted"),
        RegistrationStatus.Offered => turn.Word("trainings.short.offered"),
        _ => "",
    };
}
