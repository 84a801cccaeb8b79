using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// "Erhalt bestätigen" (the borrower, on the handover message): stores the moment once (the quittance) and answers
/// with the same card showing it. Only the person the reservation belongs to (from the signed activity) can
/// confirm; anyone else, or an edited id, gets a plain answer and nothing changes. Pressed again: the same card.
/// </summary>
public sealed class ConfirmReceipt(LabDbContext db, ReceiptCard receipt, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "reservationId", out var id)) return DeskAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return DeskAnswers.UnknownUser(turn);
        var seen = await db.LendingReservations().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        // Someone else's reservation looks exactly like a missing one: the answer tells nothing about it.
        if (seen is null || seen.UserAadObjectId != person.AadObjectId) return DeskAnswers.Error(turn, turn.Word("lendingDesk.receipt.notYours"));
        if (seen.LentAtUtc is null) return DeskAnswers.Error(turn, turn.Word("lendingDesk.receipt.notHandedOver"));
        if (seen.ReceiptConfirmedAtUtc is not null) return new VerbResult.Card(await receipt.CardAsync(seen, turn.Lang, ct));

        await using var locked = await ItemLock.EnterAsync(db, seen.ItemId, ct);
        if (locked is null) return DeskAnswers.BadRequest(turn);
        var r = await db.LendingReservations().SingleAsync(x => x.Id == id, ct);
        if (r.ReceiptConfirmedAtUtc is null)
        {
            r.ReceiptConfirmedAtUtc = time.GetUtcNow().UtcDateTime;
            r.UpdatedAtUtc = r.ReceiptConfirmedAtUtc.Value;
        }
        await locked.CommitAsync(ct);
        return new VerbResult.Card(await receipt.CardAsync(r, turn.Lang, ct));
    }
}
