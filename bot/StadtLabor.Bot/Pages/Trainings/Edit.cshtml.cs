using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Trainings;

/// <summary>
/// /labor/schulungen/{id}: one session for the lab team. The form saves through the card's UpdateSession (session
/// lock, seats not below those taken, the change told to everyone booked or waiting through the outbox); "Schulung
/// absagen" through CancelSession; the participants with "teilgenommen" boxes through SaveAttendance; the CSV and
/// Excel links are the card's signed export links. Every id comes from the route and is looked up again by the use
/// case; a registration id from the form counts only when it is a booking of this session.
/// </summary>
[LabRole(Role.LabTeam)]
public sealed class EditModel(
    LabDbContext db, SessionFormCard formCard, Strings strings, DownloadLinks links, LinkKey key, TimeProvider time)
    : SessionEditorModel(db, formCard, strings, time)
{
    public override bool IsEdit => true;

    public TrainingSession Session { get; private set; } = null!;
    public bool IsCancelled => Session.Status == SessionStatus.Cancelled;
    public bool Started { get; private set; }
    public IReadOnlyList<Participant> Seated { get; private set; } = [];
    public IReadOnlyList<Participant> Waiting { get; private set; } = [];
    public string CsvHref { get; private set; } = "";
    public string XlsxHref { get; private set; } = "";

    /// <summary>The one line the browser asks before cancelling: which session, on which day, and who is told.</summary>
    public string CancelQuestion { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Form = SessionForm.Of(Session);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var form = ReadForm();
        var update = ActivatorUtilities.GetServiceOrCreateInstance<UpdateSession>(HttpContext.RequestServices);
        var outcome = await update.UpdateAsync(id, form, Words, ct);
        switch (outcome)
        {
            case UpdateOutcome.NotFound:
                return NotFound();
            case UpdateOutcome.Refused refused:
                if (!await LoadAsync(id, ct)) return NotFound();
                Refused(form, refused.Check);
                return Page();
            default:
                return Done(UpdateSession.Notice(Words, outcome), Here(id));
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct)
    {
        var cancel = ActivatorUtilities.GetServiceOrCreateInstance<CancelSession>(HttpContext.RequestServices);
        return await cancel.CancelAsync(id, ct) switch
        {
            CancelOutcome.NotFound => NotFound(),
            CancelOutcome.Cancelled cancelled => Done(Words.Format("trainingsAdmin.done.cancelled", cancelled.Told), Here(id)),
            _ => Done(Words.Word("trainingsAdmin.done.alreadyCancelled"), Here(id)),
        };
    }

    public async Task<IActionResult> OnPostAttendanceAsync(long id, CancellationToken ct)
    {
        // "shown" lists the bookings the page showed with a box; a box not ticked is not sent, so that person did not come.
        var present = Ids("present").ToHashSet();
        var marks = Ids("shown").Distinct().ToDictionary(r => r, present.Contains);
        var save = ActivatorUtilities.GetServiceOrCreateInstance<SaveAttendance>(HttpContext.RequestServices);
        return await save.SaveAsync(id, marks, ct) switch
        {
            AttendanceOutcome.NotFound => NotFound(),
            AttendanceOutcome.NotStarted notStarted => Done(Words.Format("trainingsLists.notStartedYet", TrainingTime.Moment(W.Lang, notStarted.StartsAtUtc)), Here(id)),
            AttendanceOutcome.Saved saved => Done(Words.Format("trainingsLists.saved", saved.Present, saved.Absent), Here(id) + "#teilnehmende"),
            var other => throw new InvalidOperationException("Unknown outcome " + other.GetType().Name),
        };
    }

    private IEnumerable<long> Ids(string name) =>
        Request.Form[name].Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0);

    private static string Here(long id) => "/labor/schulungen/" + id.ToString(CultureInfo.InvariantCulture);

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var session = await Db.TrainingSessions().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return false;
        Session = session;
        var now = NowUtc;
        Started = session.StartsAtUtc <= now;
        var people = await ParticipantList.LoadAsync(Db, id, W.Lang, ct);
        Seated = [.. people.Where(p => p.WaitlistPosition == 0)];
        Waiting = [.. people.Where(p => p.WaitlistPosition > 0)];
        await LoadToolsAsync(ct);

        await key.LoadAsync(ct);
        var grant = ExportParticipants.Grant(id, Person.TenantId, Person.AadObjectId, now);
        if (links.Token(grant) is { } token)
        {
            CsvHref = "/" + ExportParticipants.CsvPath.Replace("{0}", token, StringComparison.Ordinal);
            XlsxHref = "/" + ExportParticipants.XlsxPath.Replace("{0}", token, StringComparison.Ordinal);
        }
        var affected = Seated.Count + Waiting.Count;
        var day = Wording.Day(W.Lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(session.StartsAtUtc)), now);
        CancelQuestion = Words.Format("trainingsAdmin.confirm.title", session.Title, day) + " " + affected switch
        {
            0 => Words.Word("trainingsAdmin.confirm.affected.none"),
            1 => Words.Word("trainingsAdmin.confirm.affected.one"),
            _ => Words.Format("trainingsAdmin.confirm.affected.other", affected),
        };
        return true;
    }

    public string SeatsText => W.Format("trainings.seats", Seated.Count, Session.Capacity);
}
