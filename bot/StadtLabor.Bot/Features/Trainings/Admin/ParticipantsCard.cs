using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// The lab team's participant list of one session (card trainings/participants): people with a seat by name, with
/// their attendance and how often they did not come before; then the waitlist in order; attendance toggles once the
/// session has started; and CSV/Excel links signed for the person looking at it. Shown by
/// <see cref="ShowParticipants"/> and, refreshed, by <see cref="SaveAttendance"/>.
/// </summary>
public sealed class ParticipantsCard(LabDbContext db, SessionView view, DownloadLinks links, LinkKey key, Strings strings, TimeProvider time)
{
    /// <summary>
    /// People with a seat per page, and waitlist names shown: a card stays well inside Teams' size limit (~28 KB)
    /// even for a large online session; the exports always have everyone.
    /// </summary>
    public const int PageSize = 30;
    public const int WaitlistShown = 20;

    /// <summary>The page asked for on the card (0 when missing or not a number; too high is clamped later).</summary>
    public static int PageOf(JsonObject data) => Math.Max(0, CardInput.WholeNumber(data, "page") ?? 0);

    /// <summary>The rendered card trainings/participants; null when the session does not exist.</summary>
    public async Task<JsonObject?> CardAsync(TurnContext turn, long sessionId, string notice, int page, CancellationToken ct)
    {
        var s = await db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(x => x.Id == sessionId, ct);
        if (s is null || Person.From(turn) is not { } person) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var started = s.StartsAtUtc <= now;
        var people = await ParticipantList.LoadAsync(db, sessionId, turn.Lang, ct);
        var seated = people.Where(p => p.WaitlistPosition == 0).ToList();
        var waiting = people.Where(p => p.WaitlistPosition > 0).ToList();

        var pages = Math.Max(1, (seated.Count + PageSize - 1) / PageSize);
        page = Math.Min(page, pages - 1);
        var shown = seated.Skip(page * PageSize).Take(PageSize).ToList();

        var summary = view.Summary(s, await view.ToolNameAsync(s.ToolId, ct), turn.Lang);
        summary["seats"] = view.SeatsText(turn.Lang, s.Capacity, seated.Count, waiting.Count);
        await key.LoadAsync(ct);
        var grant = ExportParticipants.Grant(sessionId, person.TenantId, person.AadObjectId, now);
        return turn.Card("trainings/participants", new JsonObject
        {
            ["heading"] = turn.Format("trainingsLists.heading", summary["title"]!.GetValue<string>()),
            ["session"] = summary,
            ["isCancelled"] = s.Status == SessionStatus.Cancelled,
            ["started"] = started,
            ["notStarted"] = !started,
            ["canSave"] = started && shown.Any(p => p.Status == RegistrationStatus.Booked),
            ["hasSeated"] = seated.Count > 0,
            ["noSeated"] = seated.Count == 0,
            ["seated"] = new JsonArray([.. shown.Select(p => Seated(turn, p, started))]),
            ["page"] = page,
            ["paged"] = pages > 1,
            ["pageText"] = turn.Format("trainingsLists.page", page + 1, pages, (page * PageSize) + 1, (page * PageSize) + shown.Count, seated.Count),
            ["hasPrev"] = page > 0,
            ["prevPage"] = Math.Max(0, page - 1),
            ["hasNext"] = page < pages - 1,
            ["nextPage"] = Math.Min(pages - 1, page + 1),
            ["hasWaitlist"] = waiting.Count > 0,
            ["moreWaiting"] = waiting.Count > WaitlistShown,
            ["moreWaitingText"] = turn.Format("trainingsLists.moreWaiting", waiting.Count - WaitlistShown),
            ["waitlist"] = new JsonArray([.. waiting.Take(WaitlistShown).Select(p => (JsonNode)new JsonObject
            {
                ["position"] = p.WaitlistPosition.ToString(CultureInfo.InvariantCulture),
                ["name"] = CardText.Plain(p.Name),
            })]),
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["exportHint"] = turn.Format("trainingsLists.exportHint", Wording.Duration(strings, turn.Lang, ExportParticipants.Validity)),
            ["csvUrl"] = links.Url(grant, ExportParticipants.CsvPath) ?? "",
            ["xlsxUrl"] = links.Url(grant, ExportParticipants.XlsxPath) ?? "",
        });
    }

    private static JsonObject Seated(TurnContext turn, Participant p, bool started)
    {
        var name = p.Name.Length > 0 ? p.Name : turn.Word("trainingsLists.noName");
        var facts = new List<string> { turn.Word("trainingsLists.state." + ExportParticipants.StateKey(p.Status)) };
        if (p.Status == RegistrationStatus.Booked)
            facts.Add(turn.Word("trainingsLists.attendance." + ExportParticipants.AttendanceKey(p.Attendance)));
        if (p.NoShows > 0) facts.Add(turn.Format("trainingsLists.noShows", p.NoShows));
        return new JsonObject
        {
            ["id"] = p.RegistrationId.ToString(CultureInfo.InvariantCulture),
            ["name"] = CardText.Plain(name),
            // One toggle per person, named for them: a screen reader lists "Anwesend: Erika Mustermann", not ten "Anwesend".
            // Toggle titles are plain text, so the name goes in as it is.
            ["presentTitle"] = turn.Format("trainingsLists.present", name),
            ["facts"] = string.Join(" · ", facts),
            // Only a booked person can be marked; someone holding an offer has not taken the seat.
            ["canMark"] = started && p.Status == RegistrationStatus.Booked,
            ["present"] = p.Attendance == Attendance.Present ? "true" : "false",
        };
    }
}
