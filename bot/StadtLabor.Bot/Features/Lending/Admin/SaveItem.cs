using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// "Anlegen" / "Speichern" on the item form (lendingAdmin.saveItem {itemId?, confirmLoss?, fields...}). Every field
/// is checked (a refused form comes back with the values kept and nothing saved). An edit runs under the
/// <see cref="ItemLock"/> of the item, its parts and the kits using them: when fewer units or a changed parts list
/// mean reservations can no longer be served, nothing is saved and the form asks first, naming how many; the
/// "Speichern und … stornieren" click saves, cancels those (latest created first) and tells each person.
/// The same new item submitted twice (a double click, a redelivery) creates it once: the same person, name and
/// minute is the same item.
/// </summary>
public sealed class SaveItem(LabDbContext db, ItemFormCard formCard, ItemList list, LostReservations lost, PhotoStore photos, TimeProvider time) : IVerbHandler
{
    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return AdminAnswers.UnknownUser(turn);
        long itemId = 0;
        if (data["itemId"] is JsonValue raw && raw.ToString() is not ("" or "0") && !CardInput.TryGetId(data, "itemId", out itemId))
            return AdminAnswers.BadRequest(turn);
        var form = ItemForm.Read(data);
        var (values, errors) = form.Check(turn);
        if (values is null) return await FormAsync(turn, form, itemId, errors, ct);
        if (itemId == 0 && await SameSubmitAsync(person, values, ct))
            return new VerbResult.Card(turn.Card("lendingAdmin/items", await list.DataAsync(turn, 1, Created(turn, values), ct)));
        errors = await CheckAgainstDatabaseAsync(turn, values, itemId, ct);
        if (errors.Count > 0) return await FormAsync(turn, form, itemId, errors, ct);

        try
        {
            return itemId == 0
                ? await CreateAsync(turn, person, values, ct)
                : await UpdateAsync(turn, form, values, itemId, CardInput.WholeNumber(data, "confirmLoss") ?? 0, ct);
        }
        catch (DbUpdateException)
        {
            // The unique name, taken by someone else at the same moment; the savepoint is rolled back.
            db.ChangeTracker.Clear();
            return await FormAsync(turn, form, itemId, [new("name", turn.Word("lendingAdmin.error.nameTaken"))], ct);
        }
    }

    private async Task<VerbResult> CreateAsync(TurnContext turn, Person person, ItemValues values, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        var item = new LendingItem { Name = values.Name, CreatedByAadObjectId = person.AadObjectId, CreatedAtUtc = now, UpdatedAtUtc = now };
        values.ApplyTo(item);
        db.LendingItems().Add(item);
        await db.SaveChangesAsync(ct);
        foreach (var (partId, count) in values.Parts) db.KitParts().Add(new KitPart { KitId = item.Id, PartId = partId, Count = count });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new VerbResult.Card(turn.Card("lendingAdmin/items", await list.DataAsync(turn, 1, Created(turn, values), ct)));
    }

    /// <summary>The same person gave an item this very name within the last minute: this is that submit again.</summary>
    private async Task<bool> SameSubmitAsync(Person person, ItemValues values, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime.AddMinutes(-1);
        return await db.LendingItems().AnyAsync(i => i.Name == values.Name && i.CreatedByAadObjectId == person.AadObjectId && i.CreatedAtUtc > since, ct);
    }

    private static string Created(TurnContext turn, ItemValues values) => turn.Format("lendingAdmin.done.created", CardText.Plain(values.Name));

    private async Task<VerbResult> UpdateAsync(TurnContext turn, ItemForm form, ItemValues values, long itemId, int confirmLoss, CancellationToken ct)
    {
        var oldParts = await db.KitParts().AsNoTracking().Where(p => p.KitId == itemId).Select(p => p.PartId).ToListAsync(ct);
        var concerned = await lost.ConcernedAsync([itemId, .. oldParts, .. values.Parts.Keys], ct);
        IReadOnlyList<LendingReservation> cancelled;
        await using (var locked = await ItemLock.EnterAllAsync(db, concerned, ct))
        {
            if (locked is null || !locked.All.TryGetValue(itemId, out var item)) return AdminAnswers.BadRequest(turn);
            var ownPhoto = await photos.UrlOfAsync(itemId, ct);
            values.ApplyTo(item);
            item.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
            // A typed link replaces an uploaded photo; the photo row goes, so no image is served that no card shows.
            if (ownPhoto is not null && values.PhotoUrl != ownPhoto) await db.LendingPhotos().Where(p => p.ItemId == itemId).ExecuteDeleteAsync(ct);
            db.KitParts().RemoveRange(await db.KitParts().Where(p => p.KitId == itemId).ToListAsync(ct));
            await db.SaveChangesAsync(ct);
            foreach (var (partId, count) in values.Parts) db.KitParts().Add(new KitPart { KitId = itemId, PartId = partId, Count = count });

            cancelled = await lost.CancelAsync(concerned, ct);
            // Asked first: leaving without commit undoes all of it.
            if (cancelled.Count == 0 || confirmLoss >= cancelled.Count)
            {
                await lost.TellAsync(cancelled, retired: false, "changed:" + item.LockStamp.ToString(CultureInfo.InvariantCulture), ct);
                await locked.CommitAsync(ct);
            }
        }
        if (cancelled.Count > 0 && confirmLoss < cancelled.Count)
        {
            db.ChangeTracker.Clear();
            var warning = turn.Format(cancelled.Count == 1 ? "lendingAdmin.form.lossWarningOne" : "lendingAdmin.form.lossWarning", cancelled.Count);
            return new VerbResult.Card(await formCard.RenderAsync(turn, form, itemId, null, ct, warning, cancelled.Count));
        }
        var notice = turn.Format("lendingAdmin.done.saved", CardText.Plain(values.Name));
        if (cancelled.Count > 0) notice += " " + turn.Format("lendingAdmin.done.cancelledAndTold", cancelled.Count);
        return new VerbResult.Card(turn.Card("lendingAdmin/items", await list.DataAsync(turn, 1, notice, ct)));
    }

    /// <summary>What the form cannot know: the name is free, the tool and parts exist, no kit ends up inside a kit.</summary>
    private async Task<List<ItemFieldError>> CheckAgainstDatabaseAsync(TurnContext turn, ItemValues values, long itemId, CancellationToken ct)
    {
        var errors = new List<ItemFieldError>();
        // Compared here ignoring case, so "VR-Brille" and "vr-brille" are the same name on SQLite and PostgreSQL alike.
        var names = await db.LendingItems().AsNoTracking().Where(i => i.Id != itemId).Select(i => i.Name).ToListAsync(ct);
        if (names.Contains(values.Name, StringComparer.OrdinalIgnoreCase)) errors.Add(new("name", turn.Word("lendingAdmin.error.nameTaken")));
        if (values.ToolId is { } toolId && !await db.TrainingTools().AnyAsync(t => t.Id == toolId, ct))
            errors.Add(new("tool", turn.Word("lendingAdmin.error.toolUnknown")));
        if (itemId > 0 && !await db.LendingItems().AnyAsync(i => i.Id == itemId, ct)) errors.Add(new("name", turn.Word("lendingAdmin.badRequest")));
        if (values.IsKit)
        {
            var ids = values.Parts.Keys.ToList();
            var parts = await db.LendingItems().AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.IsKit, Retired = i.RetiredAtUtc != null }).ToListAsync(ct);
            if (ids.Contains(itemId) || parts.Count != ids.Count || parts.Any(p => p.IsKit || p.Retired))
                errors.Add(new("parts", turn.Word("lendingAdmin.error.partUnknown")));
            if (itemId > 0 && await db.KitParts().AnyAsync(p => p.PartId == itemId, ct))
                errors.Add(new("parts", turn.Word("lendingAdmin.error.partCannotBeKit")));
        }
        return errors;
    }

    private async Task<VerbResult> FormAsync(TurnContext turn, ItemForm form, long itemId, IReadOnlyList<ItemFieldError> errors, CancellationToken ct) =>
        new VerbResult.Card(await formCard.RenderAsync(turn, form, itemId, errors, ct));
}
