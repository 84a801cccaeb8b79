using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>What became of a new block: the card and the desk page turn it into words.</summary>
public abstract record BlockOutcome
{
    private BlockOutcome() { }

    /// <summary>Messages by field (itemId, quantity, fromDate, toDate, reason, note); nothing changed.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : BlockOutcome;

    /// <summary>The item went away (retired) meanwhile; nothing changed.</summary>
    public sealed record NotFound : BlockOutcome;

    /// <summary>The same block exists already (a double click); nothing changed.</summary>
    public sealed record Already : BlockOutcome;

    /// <summary>It would leave these reservations without units: nothing is kept until asked again with confirmed.</summary>
    public sealed record NeedsConfirmation(IReadOnlyList<LendingReservation> Affected) : BlockOutcome;

    public sealed record Blocked(string ItemName, int Affected) : BlockOutcome;
}

/// <summary>
/// A new block, for the card ("Sperren", <see cref="CreateBlock"/>) and the desk page alike: some units of an item from
/// a day (00:00 Berlin) to the end of another day, or until cleared. Written under the item lock; when it leaves
/// reservations without units (<see cref="ServeCheck"/>, in start order) it asks first, naming them, and nothing is
/// kept; with confirmed it is written and those people are told at once with alternatives (their reservations are kept
/// and flagged, as after a return). The same block submitted twice (a double click) is written once. The fields come as
/// the card sends them (itemId, quantity, fromDate, toDate as yyyy-MM-dd, reason, note, confirmed; all untrusted).
/// </summary>
public sealed class RecordBlock(LabDbContext db, ServeCheck serve, Strings strings, TimeProvider time)
{
    public async Task<BlockOutcome> RunAsync(JsonObject data, string byAadObjectId, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        var now = time.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string>();
        LendingItem? item = null;
        if (CardInput.TryGetId(data, "itemId", out var itemId))
            item = await db.LendingItems().AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId && i.RetiredAtUtc == null, ct);
        if (item is null) errors["itemId"] = strings.Get(lang, "lendingDesk.blockForm.error.item");
        var quantity = CardInput.WholeNumber(data, "quantity");
        if (item is not null && (quantity is null || quantity < 1 || quantity > item.Quantity))
            errors["quantity"] = strings.Format(lang, "lendingDesk.blockForm.error.quantity", item.Quantity);
        var today = LabTime.BerlinDate(time.GetUtcNow());
        if (!TryDay(CardInput.Text(data, "fromDate"), out var from) || from < today)
            errors["fromDate"] = strings.Get(lang, "lendingDesk.blockForm.error.from");
        var toText = CardInput.Text(data, "toDate");
        DateOnly? to = null;
        if (toText.Length > 0)
        {
            if (!TryDay(toText, out var until) || until < from) errors["toDate"] = strings.Get(lang, "lendingDesk.blockForm.error.to");
            else to = until;
        }
        var reasonText = CardInput.Text(data, "reason");
        var reason = BlockList.Chosen.Where(r => CreateBlock.ReasonValue(r) == reasonText).Select(r => (MaintenanceReason?)r).FirstOrDefault();
        if (reason is null) errors["reason"] = strings.Get(lang, "lendingDesk.blockForm.error.reason");
        var note = CardInput.Text(data, "note");
        if (note.Length > LendingLimits.Note) errors["note"] = strings.Format(lang, "lendingDesk.check.noteTooLong", LendingLimits.Note);
        if (errors.Count > 0) return new BlockOutcome.Invalid(errors);

        var startsAt = LabTime.StartOfDay(from).UtcDateTime;
        DateTime? endsAt = to is { } last ? LabTime.StartOfDay(last.AddDays(1)).UtcDateTime : null;
        await using var locked = await ItemLock.EnterAsync(db, item!.Id, ct);
        if (locked is null || locked.Item.IsRetired) return new BlockOutcome.NotFound();
        var same = await db.MaintenanceBlocks().AnyAsync(b => b.ItemId == item.Id && b.ClearedAtUtc == null && b.Quantity == quantity
            && b.StartsAtUtc == startsAt && b.EndsAtUtc == endsAt && b.Reason == reason && b.Note == note, ct);
        if (same) return new BlockOutcome.Already();

        var block = new MaintenanceBlock
        {
            ItemId = item.Id,
            Quantity = quantity!.Value,
            StartsAtUtc = startsAt,
            EndsAtUtc = endsAt,
            Reason = reason!.Value,
            Note = note,
            CreatedByAadObjectId = byAadObjectId,
            CreatedAtUtc = now,
        };
        db.MaintenanceBlocks().Add(block);
        await db.SaveChangesAsync(ct);
        // Asked with the block written (in this transaction): the answer is what the block would really do.
        var affected = await serve.FindAsync([item.Id], startsAt < now ? now : startsAt, endsAt, ct);
        if (affected.Count > 0 && !CardInput.Flag(data, "confirmed"))
            // Leaving without commit undoes the block: nothing is kept until the lab team says so.
            return new BlockOutcome.NeedsConfirmation(affected);

        await serve.TellAsync(affected, "block" + block.Id.ToString(CultureInfo.InvariantCulture), ct);
        await locked.CommitAsync(ct);
        return new BlockOutcome.Blocked(CardText.Plain(item.Name), affected.Count);
    }

    private static bool TryDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
