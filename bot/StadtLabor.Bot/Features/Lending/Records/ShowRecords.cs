using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Records;

/// <summary>
/// "Kalender und Verlauf" (lab team, lendingAdmin.records): the calendar subscription of all lending, of one item
/// chosen in a list (the card refreshes in place with that item's link), and the history as CSV and Excel. The links
/// carry their own permission and show borrowers' names, so the card only answers in the person's 1:1 chat.
/// </summary>
public sealed class ShowRecords(LabDbContext db, RecordLinks links, LinkKey key, Strings strings, TimeProvider time) : IVerbHandler
{
    public const string Verb = "lendingAdmin.records";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        if (!turn.IsPersonal)
            return turn.ErrorCard(turn.Word("lendingRecords.personalOnly"));
        if (LabUser.From(turn) is not { } member)
            return turn.ErrorCard(turn.Word("lendingRecords.unknownUser"));

        var items = await db.LendingItems().AsNoTracking().OrderBy(i => i.RetiredAtUtc != null).ThenBy(i => i.Name)
            .Select(i => new { i.Id, i.Name, Retired = i.RetiredAtUtc != null }).ToListAsync(ct);
        // The choice is untrusted like any card data: only an item that exists gets a link.
        var chosen = CardInput.TryGetId(data, "itemId", out var itemId) ? items.FirstOrDefault(i => i.Id == itemId) : null;

        await key.LoadAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var allUrl = links.Url(RecordLinks.Feed(RecordLinks.AllItems, member, now), RecordLinks.FeedPath);
        var itemUrl = chosen is null ? null : links.Url(RecordLinks.Feed(chosen.Id, member, now), RecordLinks.FeedPath);
        var history = RecordLinks.History(member, now);
        var csvUrl = links.Url(history, RecordLinks.CsvPath);
        var xlsxUrl = links.Url(history, RecordLinks.XlsxPath);
        var hasLinks = allUrl is not null && csvUrl is not null && xlsxUrl is not null;
        var validUntil = DateOnly.FromDateTime(Trainings.TrainingTime.ToBerlin(now.Add(RecordLinks.FeedValidity)));

        return new VerbResult.Card(turn.Card("lendingAdmin/records", new JsonObject
        {
            ["hasLinks"] = hasLinks,
            ["noLinks"] = !hasLinks,
            ["validUntil"] = turn.Format("lendingRecords.validUntil", Wording.Day(turn.Lang, validUntil, now)),
            ["allUrl"] = allUrl ?? "",
            ["hasItems"] = items.Count > 0,
            ["noItems"] = items.Count == 0,
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["title"] = i.Retired ? turn.Format("lendingRecords.retired", i.Name) : i.Name,
                ["value"] = i.Id.ToString(CultureInfo.InvariantCulture),
            })]),
            ["selectedItemId"] = chosen?.Id.ToString(CultureInfo.InvariantCulture) ?? "",
            ["hasItem"] = chosen is not null && itemUrl is not null,
            ["itemHeading"] = chosen is null ? "" : turn.Format("lendingRecords.itemFeed", CardText.Plain(chosen.Name)),
            ["itemOpenTitle"] = chosen is null ? "" : turn.Format("lendingRecords.openItem", chosen.Name),
            ["itemUrl"] = itemUrl ?? "",
            ["historyHint"] = turn.Format("lendingRecords.historyHint", Wording.Duration(strings, turn.Lang, RecordLinks.HistoryValidity)),
            ["csvUrl"] = csvUrl ?? "",
            ["xlsxUrl"] = xlsxUrl ?? "",
        }));
    }
}
