using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// "Sperren" (lab team): a block of some units of an item from a day (00:00 Berlin) to the end of another day, or
/// until cleared. Written under the item lock; when it leaves reservations without units (<see cref="ServeCheck"/>,
/// in start order) the form asks first, naming them, and nothing is kept; "Trotzdem sperren" writes it and tells
/// those people at once with alternatives (their reservations are kept and flagged, as after a return). The same
/// block submitted twice (a double click) is written once.
/// </summary>
public sealed class CreateBlock(LabDbContext db, BlockForm form, BlockList blocks, ServeCheck serve, TimeProvider time) : IVerbHandler
{
    public static string ReasonValue(MaintenanceReason reason) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return DeskAnswers.UnknownUser(turn);
        var now = time.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string>();
        LendingItem? item = null;
        if (CardInput.TryGetId(data, "itemId", out var itemId))
            item = await db.LendingItems().AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId && i.RetiredAtUtc == null, ct);
        if (item is null) errors["itemId"] = turn.Word("lendingDesk.blockForm.error.item");
        var quantity = CardInput.WholeNumber(data, "quantity");
        if (item is not null && (quantity is null || quantity < 1 || quantity > item.Quantity))
            errors["quantity"] = turn.Format("lendingDesk.blockForm.error.quantity", item.Quantity);
        var today = LabTime.BerlinDate(time.GetUtcNow());
        if (!TryDay(CardInput.Text(data, "fromDate"), out var from) || from < today)
            errors["fromDate"] = turn.Word("lendingDesk.blockForm.error.from");
        var toText = CardInput.Text(data, "toDate");
        DateOnly? to = null;
        if (toText.Length > 0)
        {
            if (!TryDay(toText, out var until) || until < from) errors["toDate"] = turn.Word("lendingDesk.blockForm.error.to");
            else to = until;
        }
        var reasonText = CardInput.Text(data, "reason");
        var reason = BlockList.Chosen.Where(r => ReasonValue(r) == reasonText).Select(r => (MaintenanceReason?)r).FirstOrDefault();
        if (reason is null) errors["reason"] = turn.Word("lendingDesk.blockForm.error.reason");
        var note = CardInput.Text(data, "note");
        if (note.Length > LendingLimits.Note) errors["note"] = turn.Format("lendingDesk.check.noteTooLong", LendingLimits.Note);
        if (errors.Count > 0) return new VerbResult.Card(await form.CardAsync(turn, data, errors, null, "", ct));

        var startsAt = LabTime.StartOfDay(from).UtcDateTime;
        DateTime? endsAt = to is { } last ? LabTime.StartOfDay(last.AddDays(1)).UtcDateTime : null;
        await using var locked = await ItemLock.EnterAsync(db, item!.Id, ct);
        if (locked is null || locked.Item.IsRetired) return DeskAnswers.BadRequest(turn);
        var same = await db.MaintenanceBlocks().AnyAsync(b => b.ItemId == item.Id && b.ClearedAtUtc == null && b.Quantity == quantity
            && b.StartsAtUtc == startsAt && b.EndsAtUtc == endsAt && b.Reason == reason && b.Note == note, ct);
        if (same) return new VerbResult.Card(await blocks.CardAsync(turn, turn.Word("lendingDesk.blockForm.already"), ct));

        var block = new MaintenanceBlock
        {
            ItemId = item.Id,
            Quantity = quantity!.Value,
            StartsAtUtc = startsAt,
            EndsAtUtc = endsAt,
            Reason = reason!.Value,
            Note = note,
            CreatedByAadObjectId = person.AadObjectId,
            CreatedAtUtc = now,
        };
        db.MaintenanceBlocks().Add(block);
        await db.SaveChangesAsync(ct);
        // Asked with the block written (in this transaction): the answer is what the block would really do.
        var affected = await serve.FindAsync([item.Id], startsAt < now ? now : startsAt, endsAt, ct);
        if (affected.Count > 0 && !CardInput.Flag(data, "confirmed"))
            // Leaving without commit undoes the block: nothing is kept until the lab team says so.
            return new VerbResult.Card(await form.CardAsync(turn, data, new Dictionary<string, string>(), await serve.LinesAsync(affected, turn.Lang, ct), "", ct));

        await serve.TellAsync(affected, "block" + block.Id.ToString(CultureInfo.InvariantCulture), ct);
        await locked.CommitAsync(ct);
        var done = affected.Count == 0
            ? turn.Format("lendingDesk.blockForm.done", CardText.Plain(item.Name))
            : turn.Format("lendingDesk.blockForm.doneTold", CardText.Plain(item.Name), affected.Count);
        return new VerbResult.Card(await blocks.CardAsync(turn, done, ct));
    }

    private static bool TryDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
