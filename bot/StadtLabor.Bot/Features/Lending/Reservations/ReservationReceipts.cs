using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Features.Lending.Reservations;

/// <summary>What a receipt says happened.</summary>
public enum ReceiptKind
{
    Reserved,
    Requested,
    Changed,
    Cancelled,
    Extended,
}

/// <summary>
/// The message that stays in the person's chat after a reservation, a change of dates, a cancellation or an
/// extension (the clicked card refreshes and is no record), and the lab team's note about a request waiting for
/// approval. Written through the outbox in the same transaction as the change, keyed by the reservation, what
/// happened and its <see cref="LendingReservation.ScheduleVersion"/>: each change sends one message, a repeated
/// click (which changes nothing) none.
/// </summary>
public sealed class ReservationReceipts(LabDbContext db, OutboxWriter outbox, CardRenderer cards, Strings strings,
    ReservationView view, IConversationDirectory directory, IOptions<LendingOptions> options)
{
    public static string Key(LendingReservation r, ReceiptKind kind)
    {
        ArgumentNullException.ThrowIfNull(r);
        return $"lending.receipt:{r.Id}:{kind}:{r.ScheduleVersion}";
    }

    public static string LabTeamKey(LendingReservation r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return $"lending.request:{r.Id}:{r.ScheduleVersion}";
    }

    public async Task SendAsync(LendingReservation r, string itemName, ReceiptKind kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        // A new reservation gets its id on save; the key needs it.
        await db.SaveChangesAsync(ct);
        var lang = r.Lang;
        var headline = strings.Get(lang, kind switch
        {
            ReceiptKind.Requested => "lendingReserve.receipt.requested",
            ReceiptKind.Changed => "lendingReserve.receipt.changed",
            ReceiptKind.Cancelled => "lendingReserve.receipt.cancelled",
            ReceiptKind.Extended => "lendingReserve.receipt.extended",
            _ => "lendingReserve.receipt.reserved",
        });
        var what = strings.Format(lang, "lendingReserve.itemCount", CardText.Plain(itemName), r.Quantity);
        var next = kind is ReceiptKind.Cancelled or ReceiptKind.Extended ? "" : strings.Get(lang, "lendingReserve.receipt.next");
        var card = cards.Render("lending/receipt", lang, new JsonObject
        {
            ["r"] = view.Row(r, itemName, lang),
            ["text"] = strings.Format(lang, "lendingReserve.receipt.line", headline, what),
            ["next"] = next,
            ["hasNext"] = next.Length > 0,
            ["forPerson"] = true,
        });
        await outbox.ToUserAsync(Key(r, kind), r.TenantId, r.UserAadObjectId, Activity.Card(card), ct);
    }

    /// <summary>A short note to the lab team's channel (Lending:LabTeamConversationId) that a request waits; nothing when none is set or the bot is not in it.</summary>
    public async Task TellLabTeamAsync(LendingReservation r, string itemName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var conversationId = options.Value.LabTeamConversationId.Trim();
        if (conversationId.Length == 0) return;
        if (await directory.FindConversationAsync(conversationId, ct) is not { } channel) return;
        await db.SaveChangesAsync(ct);
        // German: the lab team's channel is shared.
        var lang = Strings.German;
        var what = strings.Format(lang, "lendingReserve.itemCount", CardText.Plain(itemName), r.Quantity);
        var next = strings.Get(lang, "lendingReserve.receipt.labHint");
        var card = cards.Render("lending/receipt", lang, new JsonObject
        {
            ["r"] = view.Row(r, itemName, lang),
            ["text"] = strings.Format(lang, "lendingReserve.receipt.labRequest", what, CardText.Plain(r.UserName)),
            ["next"] = next,
            ["hasNext"] = true,
            ["forPerson"] = false,
        });
        await outbox.ToConversationAsync(LabTeamKey(r), channel.TenantId, channel.ServiceUrl, channel.ConversationId,
            Activity.Card(card), ct, aboutUser: r.UserAadObjectId);
    }
}
