using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// The message the borrower gets at handover (card lending/handedOver): what they received, counted line by line,
/// when it is due back, and the button "Erhalt bestätigen". Pressed, the same card comes back with the moment of the
/// confirmation (the stored quittance). In the borrower's language.
/// </summary>
public sealed class ReceiptCard(LabDbContext db, Checklist checklist, CardRenderer cards, Strings strings, Languages languages, TimeProvider time, OutboxWriter outbox)
{
    public static string Key(long reservationId) => $"lending.handedOver:{reservationId}";

    /// <summary>Queues the message in the caller's transaction; the key makes a second handover of the same reservation a no-op.</summary>
    public async Task SendAsync(LendingReservation r, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var lang = (await languages.ForPeopleAsync(r.TenantId, [r.UserAadObjectId], ct)).Of(r.UserAadObjectId, r.Lang);
        await outbox.ToUserAsync(Key(r.Id), r.TenantId, r.UserAadObjectId, Activity.Card(await CardAsync(r, lang, ct)), ct);
    }

    public async Task<JsonObject> CardAsync(LendingReservation r, string lang, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var now = time.GetUtcNow().UtcDateTime;
        var lines = await checklist.LinesAsync(r.Id, CheckKind.Handover, ct);
        var names = await DeskView.NamesAsync(db, lines.Select(l => l.ItemId).Append(r.ItemId), ct);
        var rows = new JsonArray();
        foreach (var l in lines) rows.Add(new JsonObject { ["text"] = checklist.RecordedText(l, names.GetValueOrDefault(l.ItemId, ""), lang) });
        var what = DeskView.What(names.GetValueOrDefault(r.ItemId, ""), r.Quantity);
        return cards.Render("lending/handedOver", lang, new JsonObject
        {
            ["reservationId"] = r.Id,
            ["heading"] = strings.Format(lang, "lendingDesk.receipt.heading", what),
            ["summary"] = strings.Format(lang, "lendingDesk.receipt.due", Wording.Moment(lang, r.EndsAtUtc, now)),
            ["lines"] = rows,
            ["confirmed"] = r.ReceiptConfirmedAtUtc is not null,
            ["canConfirm"] = r.ReceiptConfirmedAtUtc is null,
            ["confirmedText"] = r.ReceiptConfirmedAtUtc is { } at ? strings.Format(lang, "lendingDesk.receipt.confirmed", Wording.Moment(lang, at, now)) : "",
            ["confirmTitle"] = strings.Format(lang, "lendingDesk.receipt.confirm", what),
        });
    }
}
