using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Lending;

/// <summary>
/// /labor/ausleihe/uebergabe/{id} (lab team): the handover checklist of one reservation, the lines from the same
/// source as the desk card (<see cref="Checklist.HandoverLinesAsync"/>), and "Übergeben" through the card's own use
/// case (<see cref="RecordHandover"/>: item lock, check lines, status Lent, the borrower's receipt through the outbox).
/// A reservation that cannot be handed over (not yet approved, too early, cancelled, already handed over) shows why,
/// in the card's words, and no form; once handed over the page shows what was recorded.
/// </summary>
[LabRole(Role.LabTeam)]
public sealed class HandoverModel(LabDbContext db, DeskCards desk, Checklist checklist, RecordHandover handover, Strings strings, TimeProvider time)
    : LabPageModel
{
    public LendingReservation Reservation { get; private set; } = null!;
    public LoanHeader Header { get; private set; } = null!;

    /// <summary>Why there is no form, in the card's words ("" when there is one, or when it was handed over: then <see cref="Recorded"/>).</summary>
    public string Refusal { get; private set; } = "";

    /// <summary>"Übergeben Mo., 7. Dez., 10:12 Uhr" once handed over.</summary>
    public string LentAt { get; private set; } = "";
    public IReadOnlyList<CheckRow> Rows { get; private set; } = [];
    public IReadOnlyList<string> Recorded { get; private set; } = [];
    public string Receipt { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long reservationId, CancellationToken ct)
    {
        if (!await LoadAsync(reservationId, ct)) return NotFound();
        if (Refusal.Length == 0 && Reservation.LentAtUtc is null) Rows = ChecklistForm.Blank(await checklist.HandoverLinesAsync(Reservation, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long reservationId, CancellationToken ct)
    {
        if (!await LoadAsync(reservationId, ct)) return NotFound();
        if (Reservation.LentAtUtc is not null) Refusal = RecordHandover.Refusal(strings, W.Lang, Reservation, time.GetUtcNow().UtcDateTime);
        if (Refusal.Length > 0) return Page();
        Rows = ChecklistForm.Entered(await checklist.HandoverLinesAsync(Reservation, ct), Request.Form);
        var (counts, problems) = ChecklistForm.Read(Rows, withDamaged: false, W);
        foreach (var (field, message) in problems) Problem(field, message);
        if (problems.Count > 0) return Page();

        switch (await handover.RunAsync(reservationId, Person.AadObjectId, counts, W.Lang, ct))
        {
            case HandoverOutcome.HandedOver(var r):
                return Done(strings.Format(W.Lang, "lendingDesk.handover.done", DeskView.Who(strings, W.Lang, r)), LendingLinks.Handover(reservationId));
            case HandoverOutcome.Invalid(_, var errors):
                foreach (var (field, message) in ChecklistForm.Fields(errors)) Problem(field, message);
                return Page();
            case HandoverOutcome.NotFound:
                return NotFound();
            default:
                // Changed since the page was loaded (handed over at the same time, cancelled): the page says how it stands.
                await LoadAsync(reservationId, ct);
                Refusal = RecordHandover.Refusal(strings, W.Lang, Reservation, time.GetUtcNow().UtcDateTime);
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
        Refusal = r.LentAtUtc is null ? RecordHandover.Refusal(strings, W.Lang, r, now) : "";
        if (r.LentAtUtc is { } lentAt)
        {
            LentAt = W.Format("lending.handover.lentAt", Wording.Moment(W.Lang, lentAt, now));
            var lines = await checklist.LinesAsync(r.Id, CheckKind.Handover, ct);
            var names = await DeskView.NamesAsync(db, lines.Select(l => l.ItemId), ct);
            Recorded = [.. lines.Select(l => checklist.RecordedText(l, names.GetValueOrDefault(l.ItemId, ""), W.Lang)).Order(StringComparer.CurrentCulture)];
            Receipt = r.ReceiptConfirmedAtUtc is { } at
                ? strings.Format(W.Lang, "lendingDesk.handover.receiptConfirmed", Wording.Moment(W.Lang, at, now))
                : strings.Get(W.Lang, "lendingDesk.handover.receiptOpen");
        }
        return true;
    }
}
