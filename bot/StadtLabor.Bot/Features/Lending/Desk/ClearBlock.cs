using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// "Sperre aufheben" (lab team): the block ends now (ClearedAtUtc, by whom) and its units count as free again from
/// this moment. Under the item lock, like every change that frees or takes units; a second click changes nothing.
/// </summary>
public sealed class ClearBlock(LabDbContext db, BlockList blocks, LendingWatchers watchers, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "blockId", out var id)) return DeskAnswers.BadRequest(turn);
        if (Person.From(turn) is not { } person) return DeskAnswers.UnknownUser(turn);
        var seen = await db.MaintenanceBlocks().AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (seen is null) return DeskAnswers.BadRequest(turn);

        await using var locked = await ItemLock.EnterAsync(db, seen.ItemId, ct);
        if (locked is null) return DeskAnswers.BadRequest(turn);
        var block = await db.MaintenanceBlocks().SingleAsync(b => b.Id == id, ct);
        if (block.ClearedAtUtc is not null) return new VerbResult.Card(await blocks.CardAsync(turn, turn.Word("lendingDesk.blocks.alreadyCleared"), ct));
        block.ClearedAtUtc = time.GetUtcNow().UtcDateTime;
        block.ClearedByAadObjectId = person.AadObjectId;
        // Those waiting for the item hear of it now, not at the no-show job's next hourly look.
        await watchers.SaveAndNotifyAsync(locked, block.ClearedAtUtc.Value, block.EndsAtUtc ?? block.ClearedAtUtc.Value.AddYears(2), ct);
        await locked.CommitAsync(ct);
        return new VerbResult.Card(await blocks.CardAsync(turn, turn.Format("lendingDesk.blocks.cleared", StadtLabor.Bot.Cards.CardText.Plain(locked.Item.Name)), ct));
    }
}
