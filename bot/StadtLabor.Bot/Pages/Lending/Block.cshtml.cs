using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Lending.Desk;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Pages.Lending;

/// <summary>
/// /labor/ausleihe/wartung (lab team): "Wartung eintragen", the block form of the desk card (item, quantity, from, to
/// or until cleared, reason, note) through the card's own use case (<see cref="RecordBlock"/>): when the block would
/// leave reservations without units, the page names them and asks first, and "Trotzdem sperren" sends the same
/// fields again with confirmed. ?geraet={itemId} preselects the item (the return page links with it).
/// </summary>
[LabRole(Role.LabTeam)]
public sealed class BlockModel(LabDbContext db, RecordBlock block, ServeCheck serve, Strings strings, TimeProvider time) : LabPageModel
{
    public static readonly string[] Fields = BlockForm.Fields.Split(',');

    public sealed record Choice(string Value, string Title);

    public IReadOnlyList<Choice> Items { get; private set; } = [];
    public IReadOnlyList<Choice> Reasons { get; private set; } = [];

    /// <summary>The fields as entered (or the defaults), by the card's field names.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>The reservations the block would hit, when the page asks before blocking.</summary>
    public IReadOnlyList<string> Affected { get; private set; } = [];

    /// <summary>"Diese Sperre trifft 2 Reservierungen, …" (the card's question).</summary>
    public string Question { get; private set; } = "";

    public async Task OnGetAsync(long? geraet, CancellationToken ct)
    {
        Values["itemId"] = geraet?.ToString(CultureInfo.InvariantCulture) ?? "";
        Values["quantity"] = "1";
        Values["fromDate"] = LabTime.BerlinDate(time.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await LoadChoicesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var data = new JsonObject();
        foreach (var field in Fields)
        {
            Values[field] = Request.Form[field].FirstOrDefault()?.Trim() ?? "";
            data[field] = Values[field];
        }
        data["confirmed"] = Request.Form["confirmed"] == "true";
        switch (await block.RunAsync(data, Person.AadObjectId, W.Lang, ct))
        {
            case BlockOutcome.Blocked(var name, var affected):
                return Done(affected == 0
                    ? strings.Format(W.Lang, "lendingDesk.blockForm.done", name)
                    : strings.Format(W.Lang, "lendingDesk.blockForm.doneTold", name, affected), LendingLinks.Calendar);
            case BlockOutcome.Already:
                return Done(strings.Get(W.Lang, "lendingDesk.blockForm.already"), LendingLinks.Calendar);
            case BlockOutcome.Invalid(var errors):
                foreach (var field in Fields)
                    if (errors.TryGetValue(field, out var message)) Problem(field, message);
                break;
            case BlockOutcome.NeedsConfirmation(var affected):
                Affected = [.. (await serve.LinesAsync(affected, W.Lang, ct)).Select(n => n!["text"]!.GetValue<string>())];
                Question = strings.Format(W.Lang, "lendingDesk.blockForm.question", affected.Count.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                Problem("itemId", strings.Get(W.Lang, "lendingDesk.blockForm.error.item"));
                break;
        }
        await LoadChoicesAsync(ct);
        return Page();
    }

    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var items = await db.LendingItems().AsNoTracking().Where(i => i.RetiredAtUtc == null)
            .Select(i => new { i.Id, i.Name, i.Quantity }).ToListAsync(ct);
        Items = [.. items.OrderBy(i => i.Name, StringComparer.Create(W.Culture, ignoreCase: true)).Select(i => new Choice(
            i.Id.ToString(CultureInfo.InvariantCulture), strings.Format(W.Lang, "lendingDesk.blockForm.itemChoice", CardText.Plain(i.Name), i.Quantity)))];
        Reasons = [.. BlockList.Chosen.Select(r => new Choice(CreateBlock.ReasonValue(r), strings.Get(W.Lang, BlockList.ReasonKey(r))))];
    }
}
