using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>
/// "Stornieren" (lending.cancel) until pickup. Without <c>confirmed: true</c> it asks first ("Nein, behalten" first,
/// "Ja, stornieren" second and red) and changes nothing. Confirmed, under the item lock, the reservation is cancelled
/// with one receipt in the person's chat; a second click finds it cancelled and sends nothing.
/// </summary>
public sealed class CancelReservation(LabDbContext db, ReservationView view, ReservationReceipts receipts, LendingWatchers watchers, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!OwnReservation.TryId(data, out var id)) return ReservationAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return ReservationAnswers.UnknownUser(turn);
        var (found, refusal) = await OwnReservation.FindAsync(db, turn, id, person, ct);
        if (found is null) return refusal!;
        if (found.Status == ReservationStatus.Cancelled) return await view.CardAsync(turn, id, turn.Word("lendingReserve.done.alreadyCancelled"), ct);
        if (!ReservationRule.BeforePickup(found.Status)) return await view.CardAsync(turn, id, turn.Word("lendingReserve.refuse.notBeforePickup"), ct);
        if (!CardInput.Flag(data, "confirmed")) return await AskAsync(turn, found, ct);

        return await ConfirmedAsync(id, person, ct) switch
        {
            CancelOutcome.Unknown => ReservationAnswers.UnknownReservation(turn),
            CancelOutcome.NotYours => ReservationAnswers.NotYours(turn),
            var outcome => await view.CardAsync(turn, id, turn.Word(WordKey(outcome)), ct),
        };
    }

    /// <summary>
    /// The cancel itself, after "Ja" on the card or the page's confirmed button: the owner checked again under the
    /// item lock, one receipt, watchers told. Refusals change nothing.
    /// </summary>
    public async Task<CancelOutcome> ConfirmedAsync(long id, Person person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var (found, owner) = await OwnReservation.LookUpAsync(db, id, person.AadObjectId, ct);
        if (found is null) return Refused(owner);
        await using var locked = await ItemLock.EnterAsync(db, found.ItemId, ct);
        if (locked is null) return CancelOutcome.Unknown;
        var (r, again) = await OwnReservation.LookUpAsync(db, id, person.AadObjectId, ct, tracked: true);
        if (r is null) return Refused(again);
        CancelOutcome outcome;
        if (r.Status == ReservationStatus.Cancelled) outcome = CancelOutcome.AlreadyCancelled;
        else if (!ReservationRule.BeforePickup(r.Status)) outcome = CancelOutcome.NotBeforePickup;
        else
        {
            r.Status = ReservationStatus.Cancelled;
            r.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
            r.Lang = person.Lang; // the message that stays comes in the language the person uses now
            await receipts.SendAsync(r, locked.Item.Name, ReceiptKind.Cancelled, ct);
            await watchers.SaveAndNotifyAsync(locked, r.StartsAtUtc, r.EndsAtUtc, ct);
            outcome = CancelOutcome.Cancelled;
        }
        await locked.CommitAsync(ct);
        return outcome;
    }

    /// <summary>The words of an outcome, in one place for the card and the page.</summary>
    public static string WordKey(CancelOutcome outcome) => outcome switch
    {
        CancelOutcome.Cancelled => "lendingReserve.done.cancelled",
        CancelOutcome.AlreadyCancelled => "lendingReserve.done.alreadyCancelled",
        CancelOutcome.NotBeforePickup => "lendingReserve.refuse.notBeforePickup",
        CancelOutcome.NotYours => "lendingReserve.refuse.notYours",
        _ => "lendingReserve.refuse.unknownReservation",
    };

    private static CancelOutcome Refused(Ownership owner) => owner == Ownership.NotYours ? CancelOutcome.NotYours : CancelOutcome.Unknown;

    private async Task<VerbResult> AskAsync(TurnContext turn, LendingReservation r, CancellationToken ct)
    {
        var name = await OwnReservation.ItemNameAsync(db, r.ItemId, ct);
        var label = view.Label(r, name, turn.Lang);
        return new VerbResult.Card(turn.Card("lending/confirmCancel", new JsonObject
        {
            ["r"] = view.Row(r, name, turn.Lang),
            ["question"] = turn.Format("lendingReserve.confirm.question", CardText.Plain(name),
                Wording.Moment(turn.Lang, r.StartsAtUtc, time.GetUtcNow().UtcDateTime)),
            ["no"] = turn.Format("lendingReserve.confirm.no", label),
            ["yes"] = turn.Format("lendingReserve.confirm.yes", label),
        }));
    }
}

/// <summary>What a confirmed cancel did, or why it did nothing.</summary>
public enum CancelOutcome
{
    Cancelled,
    AlreadyCancelled,
    NotBeforePickup,
    Unknown,
    NotYours,
}
