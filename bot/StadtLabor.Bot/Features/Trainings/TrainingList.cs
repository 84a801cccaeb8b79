using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// The data of the card trainings/list: upcoming sessions in date order across tools (the next date first, because
/// that is what people look for), each with its tool, seats and the person's own status in words, a page at a time.
/// A tool filter narrows it; tools without a date offer "Interesse melden". Shared by the use cases that show the
/// list (<see cref="ShowTrainings"/>, <see cref="RegisterInterest"/>, <see cref="AnswerToolQuestion"/>).
/// </summary>
public sealed class TrainingList(LabDbContext db, SessionView view, RoleGate roles, TimeProvider time)
{
    /// <summary>Rows per page: a screen or two in Teams, and about 10 KB of card, far below Teams' message limit.</summary>
    public const int PageSize = 10;

    /// <summary>
    /// Up to this many tools with dates, the filter is one button per tool ("Nur Miro zeigen"): one click, and Teams shows
    /// up to six buttons in a row before it folds them into "…". More tools get a labelled choice and "Filter anwenden".
    /// </summary>
    public const int FilterButtons = 4;

    public async Task<JsonObject> DataAsync(TurnContext turn, long? toolId, int page, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var now = time.GetUtcNow().UtcDateTime;
        var lang = turn.Lang;
        var tools = await db.TrainingTools().AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        if (toolId is { } wanted && tools.All(t => t.Id != wanted)) toolId = null;

        var upcoming = db.TrainingSessions().AsNoTracking().Where(s => s.Status == SessionStatus.Published && s.StartsAtUtc > now);
        var datedTools = await upcoming.Select(s => s.ToolId).Distinct().ToListAsync(ct);
        var shown = upcoming.Where(s => toolId == null || s.ToolId == toolId);
        var total = await shown.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 0, pages - 1);
        var sessions = await shown.OrderBy(s => s.StartsAtUtc).ThenBy(s => s.Id)
            .Skip(page * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var counts = await Seats.CountsAsync(db, ids, ct);

        var user = turn.UserAadObjectId ?? "";
        var mine = await db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.UserAadObjectId == user && ids.Contains(r.SessionId))
            .ToDictionaryAsync(r => r.SessionId, ct);
        var interests = await db.TrainingInterests().AsNoTracking()
            .Where(i => i.UserAadObjectId == user && i.NotifiedAtUtc == null)
            .Select(i => i.ToolId).ToListAsync(ct);

        var names = RowNames.For(sessions, lang);
        var rows = new JsonArray();
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            var registration = mine.GetValueOrDefault(s.Id);
            var position = registration is { Status: RegistrationStatus.Waitlisted } ? await Seats.PositionAsync(db, registration, ct) : 0;
            var status = registration is { IsActive: true } ? view.StatusText(s, registration, position, lang) : "";
            var tool = tools.First(t => t.Id == s.ToolId).Name;
            rows.Add(new JsonObject
            {
                ["id"] = s.Id,
                ["title"] = CardText.Plain(s.Title),
                ["toolAndWhen"] = $"{CardText.Plain(tool)} · {TrainingTime.Span(lang, s.StartsAtUtc, s.EndsAtUtc)}",
                ["whereAndSeats"] = $"{view.Where(s, lang)} · {view.SeatsText(lang, s.Capacity, counts[s.Id].Taken, counts[s.Id].Waiting)}",
                ["status"] = status,
                ["hasStatus"] = status.Length > 0,
                ["detailsTitle"] = turn.Format("trainings.browse.detailsOf", names[i]),
            });
        }

        var selected = tools.FirstOrDefault(t => t.Id == toolId);
        var filterTools = tools.Where(t => datedTools.Contains(t.Id)).ToList();
        // A filter is worth offering from two tools on; a tool chosen from elsewhere (its interest button) can be reset.
        var offerFilter = filterTools.Count >= 2;
        var buttons = offerFilter && filterTools.Count <= FilterButtons;
        var emptyText = total > 0 ? ""
            : selected is not null ? turn.Format("trainings.browse.emptyTool", selected.Name)
            : tools.Count > 0 ? turn.Word("trainings.browse.empty")
            : turn.Format("trainings.browse.emptyNoTools", view.Contact);

        // Tools without a date: on the first page of the whole list, or as the answer for the one tool chosen.
        var undated = page > 0 ? [] : tools.Where(t => !datedTools.Contains(t.Id) && (selected is null || t.Id == selected.Id)).ToList();
        var first = page * PageSize + 1;
        var last = page * PageSize + sessions.Count;
        var toolValue = selected is null ? "all" : selected.Id.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["filtered"] = selected is null ? "" : turn.Format("trainings.browse.filtered", CardText.Plain(selected.Name)),
            ["isFiltered"] = selected is not null,
            ["filterButtons"] = new JsonArray([.. (buttons ? filterTools : []).Where(t => t.Id != selected?.Id).Select(t => (JsonNode)new JsonObject
            {
                ["toolId"] = t.Id.ToString(CultureInfo.InvariantCulture),
                ["title"] = turn.Format("trainings.browse.filterOnly", CardText.Plain(t.Name, RowNames.MaxTitle)),
            })]),
            ["hasFilterButtons"] = buttons,
            ["hasFilterChoice"] = offerFilter && !buttons,
            // Choice values are strings in Adaptive Cards; "Filter anwenden" sends the chosen one back as "toolId".
            ["filters"] = new JsonArray([.. filterTools.Select(t => (JsonNode)new JsonObject
            {
                ["value"] = t.Id.ToString(CultureInfo.InvariantCulture),
                ["name"] = CardText.Plain(t.Name, RowNames.MaxTitle),
            })]),
            ["selectedToolId"] = toolValue,
            ["sessions"] = rows,
            ["hasSessions"] = rows.Count > 0,
            ["emptyText"] = emptyText,
            ["isEmpty"] = emptyText.Length > 0,
            ["pageText"] = turn.Format("trainings.browse.page", first, last, total),
            ["hasPages"] = pages > 1,
            ["toolValue"] = toolValue,
            ["hasPrevious"] = page > 0,
            ["previousPage"] = page - 1,
            ["previousTitle"] = turn.Format("trainings.browse.previousPage", first - PageSize, first - 1),
            ["hasNext"] = page < pages - 1,
            ["nextPage"] = page + 1,
            ["nextTitle"] = turn.Format("trainings.browse.nextPage", last + 1, Math.Min(total, last + PageSize)),
            ["undated"] = new JsonArray([.. undated.Select(t => (JsonNode)new JsonObject
            {
                ["toolId"] = t.Id,
                ["canRegister"] = !interests.Contains(t.Id),
                ["registered"] = interests.Contains(t.Id),
                ["registerTitle"] = turn.Format("trainings.browse.interestOf", CardText.Plain(t.Name, RowNames.MaxTitle)),
                ["registeredText"] = turn.Format("trainings.browse.interestNoted", CardText.Plain(t.Name)),
            })]),
            ["hasUndated"] = undated.Count > 0,
            // Only a shortcut for the lab team; the manage verbs check the role themselves.
            ["canManage"] = await roles.AllowsAsync(turn, Role.LabTeam, ct),
        };
    }
}
