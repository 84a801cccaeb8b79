using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// The card lendingAdmin/itemForm (new and edit): blank, prefilled, or back after a refused submit with every value
/// kept, each message under its field and all of them again right above the button. When saving would cancel
/// reservations, it comes back with that warning and a button that says so (<paramref name="confirmLoss"/>).
/// </summary>
public sealed class ItemFormCard(LabDbContext db)
{
    /// <summary>The fields in the order the card shows them: the summary lists messages in the same order.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["name", "category", "newCategory", "description", "quantity", "parts", "tool", "maxDays", "maxPerPerson", "photoUrl"];

    public async Task<JsonObject> RenderAsync(TurnContext turn, ItemForm form, long itemId, IReadOnlyList<ItemFieldError>? errors, CancellationToken ct,
        string warning = "", int confirmLoss = 0)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(form);
        errors ??= [];
        var isEdit = itemId > 0;
        var categories = await db.LendingItems().AsNoTracking().Where(i => i.Category != "").Select(i => i.Category).Distinct().ToListAsync(ct);
        var tools = await db.TrainingTools().AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        // A kit holds single items, never another kit or itself; retired items are no longer packed.
        var candidates = await db.LendingItems().AsNoTracking()
            .Where(i => !i.IsKit && i.RetiredAtUtc == null && i.Id != itemId)
            .OrderBy(i => i.Name).Select(i => new { i.Id, i.Name }).ToListAsync(ct);

        var byField = new JsonObject();
        foreach (var field in Fields)
        {
            var text = string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Text));
            byField[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 };
        }
        var summary = errors.OrderBy(e => Fields.ToList().IndexOf(e.Field)).Select(e => (JsonNode)new JsonObject { ["text"] = e.Text });
        var name = CardText.Plain(form.Name, 60);
        var submitTitle = confirmLoss > 0
            ? turn.Format(confirmLoss == 1 ? "lendingAdmin.form.saveAndCancelOne" : "lendingAdmin.form.saveAndCancel", confirmLoss)
            : turn.Word(isEdit ? "lendingAdmin.form.save" : "lendingAdmin.form.create");
        var photoIsUrl = form.PhotoUrl.Length > 0 && ItemForm.IsHttpsUrl(form.PhotoUrl);

        return turn.Card("lendingAdmin/itemForm", new JsonObject
        {
            ["heading"] = !isEdit ? turn.Word("lendingAdmin.form.newTitle")
                : form.Name.Length > 0 ? turn.Format("lendingAdmin.form.editTitleOf", CardText.Plain(form.Name)) : turn.Word("lendingAdmin.form.editTitle"),
            ["submitTitle"] = submitTitle,
            // Cancelling reservations is destructive: then the button says so and is not the inviting green one.
            ["submitStyle"] = confirmLoss > 0 ? "destructive" : "positive",
            ["itemId"] = itemId,
            ["confirmLoss"] = confirmLoss,
            ["err"] = byField,
            ["errors"] = new JsonArray([.. summary]),
            ["hasErrors"] = errors.Count > 0,
            ["warning"] = warning,
            ["hasWarning"] = warning.Length > 0,
            ["quantityRule"] = turn.Format("lendingAdmin.error.quantity", LendingLimits.MaxQuantity),
            ["photoHint"] = turn.Format("lendingAdmin.form.photoHint", form.Name.Length > 0 ? CardText.Plain(form.Name, 60) : turn.Word("lendingAdmin.form.photoHintName")),
            ["photo"] = photoIsUrl ? form.PhotoUrl : "",
            ["hasPhoto"] = photoIsUrl,
            ["photoAlt"] = turn.Format("lendingAdmin.form.photoAlt", name),
            // Typed values go back unchanged as input values and choice titles: plain text in Adaptive Cards (no
            // markdown), kept one JSON string each by the expander, so they cannot break the card.
            ["categories"] = new JsonArray([.. categories.Order(StringComparer.CurrentCultureIgnoreCase).Select(c => (JsonNode)new JsonObject { ["title"] = c, ["value"] = c })]),
            ["tools"] = new JsonArray([.. tools.Select(t => (JsonNode)new JsonObject { ["title"] = t.Name, ["value"] = Text(t.Id) })]),
            ["noTool"] = ItemForm.NoTool,
            ["parts"] = new JsonArray([.. candidates.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = ItemForm.PartPrefix + Text(c.Id),
                ["label"] = turn.Format("lendingAdmin.form.partLabel", c.Name),
                ["value"] = int.TryParse(form.Parts.GetValueOrDefault(c.Id, "0"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0,
            })]),
            ["hasParts"] = candidates.Count > 0,
            ["partRule"] = turn.Format("lendingAdmin.error.partCount", LendingLimits.MaxPartCount),
            ["form"] = new JsonObject
            {
                ["name"] = form.Name,
                ["category"] = form.CategoryChoice,
                ["newCategory"] = form.NewCategory,
                ["description"] = form.Description,
                // Input.Number wants a number: what was typed, or 0 when it was none (the message says so).
                ["quantity"] = int.TryParse(form.Quantity, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var q) ? q : 0,
                ["isKit"] = form.IsKit ? "true" : "false",
                ["lendableAlone"] = form.LendableAlone ? "true" : "false",
                ["needsApproval"] = form.NeedsApproval ? "true" : "false",
                ["toolId"] = form.ToolId,
                // An empty limit is an input without a value (Input.Number takes no text); a typed one goes back as a number.
                ["maxDays"] = Whole(form.MaxDays) ?? 0,
                ["hasMaxDays"] = Whole(form.MaxDays) is not null,
                ["maxPerPerson"] = Whole(form.MaxPerPerson) ?? 0,
                ["hasMaxPerPerson"] = Whole(form.MaxPerPerson) is not null,
                ["photoUrl"] = form.PhotoUrl,
            },
        });
    }

    private static int? Whole(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);
}
