using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Lending;

/// <summary>
/// /labor/ausleihe/rueckgabe/{id} (lab team): the return checklist of one loan, expected as it was handed over
/// (<see cref="Checklist.ReturnLinesAsync"/>), with damaged parts and a note on the condition per line, and
/// "Zurücknehmen" through the card's own use case (<see cref="RecordReturn"/>: item lock, check lines, missing or
/// damaged parts blocked for maintenance, the borrower's and the lab team's summaries through the outbox). A
/// reservation that is not lent shows why, in the card's words; once returned the page shows what was recorded.
/// </summary>
[LabRole(Role.LabTeam)]
public sealed class ReturnModel(LabDbContext db, DeskCards desk, Checklist checklist, RecordReturn takeBack, Strings strings, TimeProvider time)
    : LabPageModel
{
    public LendingReservation Reservation { get; private set; } = null!;
    public LoanHeader Header { get; private set; } = null!;

    /// <summary>Why there is no form, in the card's words ("" when there is one, or when it came back: then <see cref="Recorded"/>).</summary>
    public string Refusal { get; private set; } = "";

    /// <summary>"Zurückgenommen Mo., 7. Dez., 10:12 Uhr" once returned.</summary>
    public string ReturnedAt { get; private set; } = "";
    public IReadOnlyList<CheckRow> Rows { get; private set; } = [];
    public IReadOnlyList<string> Recorded { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long reservationId, CancellationToken ct)
    {
        if (!await LoadAsync(reservationId, ct)) return NotFound();
        if (Reservation.Status == ReservationStatus.Lent) Rows = ChecklistForm.Blank(await checklist.ReturnLinesAsync(Reservation, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long reservationId, CancellationToken ct)
    {
        if (!await LoadAsync(reservationId, ct)) return NotFound();
        if (Reservation.Status != ReservationStatus.Lent)
        {
            Refusal = RecordReturn.Refusal(strings, W.Lang, Reservation, time.GetUtcNow().UtcDateTime);
            return Page();
        }
        Rows = ChecklistForm.Entered(await checklist.ReturnLinesAsync(Reservation, ct), Request.Form);
        var (counts, problems) = ChecklistForm.Read(Rows, withDamaged: true, W);
        foreach (var (field, message) in problems) Problem(field, message);
        if (problems.Count > 0) return Page();

        switch (await takeBack.RunAsync(reservationId, Person.AadObjectId, counts, W.Lang, ct))
        {
            case ReturnOutcome.Returned(var r, var blocked, var affected):
                var done = blocked == 0
                    ? strings.Format(W.Lang, "lendingDesk.return.doneComplete", DeskView.Who(strings, W.Lang, r))
                    : strings.Format(W.Lang, "lendingDesk.return.doneShort", blocked, affected);
                return Done(done, LendingLinks.Return(reservationId));
            case ReturnOutcome.Invalid(_, var errors):
                foreach (var (field, message) in ChecklistForm.Fields(errors)) Problem(field, message);
                return Page();
            case ReturnOutcome.NotFound:
                return NotFound();
            default:
                // Changed since the page was loaded (taken back at the same time): the page says how it stands.
                await LoadAsync(reservationId, ct);
                Refusal = RecordReturn.Refusal(strings, W.Lang, Reservation, time.GetUtcNow().UtcDateTime);
                Rows = [];
                return Page();
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await desk.ReservationAsync(id, ct) is not { } r) return false;
        var now = time.GetUtcNow().UtcDateTime;
        Reservation = r;
        Header = await LoanHeader.LoadAsync(db, strings, W.Lang, r, ct);
        Refusal = r.Status is ReservationStatus.Lent or ReservationStatus.Returned ? "" : RecordReturn.Refusal(strings, W.Lang, r, now);
        if (r.Status == ReservationStatus.Returned)
        {
            ReturnedAt = W.Format("lending.return.returnedAt", Wording.Moment(W.Lang, r.ReturnedAtUtc ?? r.UpdatedAtUtc, now));
            var lines = await checklist.LinesAsync(r.Id, CheckKind.Return, ct);
            var names = await DeskView.NamesAsync(db, lines.Select(l => l.ItemId), ct);
            Recorded = [.. lines.Select(l => checklist.RecordedText(l, names.GetValueOrDefault(l.ItemId, ""), W.Lang)).Order(StringComparer.CurrentCulture)];
        }
        return true;
    }
}
