using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>
/// "Sag mir Bescheid, wenn frei": the signed person waits for an item in a range. One open watch per person, item and
/// range: the check and the insert run under the item lock, so a second click (or Teams delivering the first twice)
/// finds it and changes nothing. Answers with the "Was ist frei?" card refreshed, saying so. Telling the person when
/// units come free is the lending jobs' part.
/// </summary>
public sealed class WatchItem(LabDbContext db, CatalogueView view, FreeCard card, Availability availability) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "itemId", out var itemId) || !LendingRange.TryRead(data, out var range))
            return CatalogueView.Error(turn, "lendingCatalogue.badRequest");
        if (Person.From(turn) is not { } person) return CatalogueView.Error(turn, "lendingCatalogue.unknownUser");
        var item = await view.Offered().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null) return CatalogueView.Error(turn, "lendingCatalogue.unknownItem");

        var name = CardText.Plain(item.Name, LendingLimits.Name);
        var now = view.NowUtc;
        // A range no reservation could have (a weekend, the past, too long) is nothing to wait for: the card says why.
        if (ReservationRules.TimeRules(item, range, now, view.Options, turn.Lang).Count > 0)
            return Answer(turn, await card.DataAsync(turn, data, "", ct));

        string notice;
        await using (var locked = await ItemLock.EnterAsync(db, itemId, ct))
        {
            if (locked is null) return CatalogueView.Error(turn, "lendingCatalogue.unknownItem");
            var snapshot = await availability.LoadAsync([itemId], range.FromUtc, range.ToUtc, ct);
            var open = await db.LendingWatches().AnyAsync(w => w.UserAadObjectId == person.AadObjectId && w.ItemId == itemId
                && w.NotifiedAtUtc == null && w.FromUtc == range.FromUtc && w.ToUtc == range.ToUtc, ct);
            if (snapshot.Free(itemId, range.FromUtc, range.ToUtc) > 0) notice = turn.Format("lendingCatalogue.watch.nowFree", name);
            else if (open) notice = turn.Format("lendingCatalogue.watch.already", name);
            else
            {
                db.LendingWatches().Add(new LendingWatch
                {
                    ItemId = itemId,
                    UserAadObjectId = person.AadObjectId,
                    TenantId = person.TenantId,
                    Lang = person.Lang,
                    FromUtc = range.FromUtc,
                    ToUtc = range.ToUtc,
                    CreatedAtUtc = now,
                });
                notice = turn.Format("lendingCatalogue.watch.added", name, range.Text(turn.Lang));
            }
            await locked.CommitAsync(ct);
        }
        return Answer(turn, await card.DataAsync(turn, data, notice, ct));
    }

    private static VerbResult.Card Answer(TurnContext turn, JsonObject data) => new VerbResult.Card(turn.Card("lending/findFree", data));
}
