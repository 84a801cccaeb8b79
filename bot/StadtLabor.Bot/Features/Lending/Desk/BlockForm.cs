using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// The form for a new block (card lendingAdmin/blockForm): item, quantity, from and to (Input.Date, "to" empty = until
/// cleared), reason and note. Shown blank, with messages under the fields, or with the question when the block would
/// hit reservations (then "Trotzdem sperren" sends the same fields with confirmed).
/// </summary>
public sealed class BlockForm(LabDbContext db)
{
    public const string Fields = "itemId,quantity,fromDate,toDate,reason,note";

    public async Task<JsonObject> CardAsync(TurnContext turn, JsonObject? entered, IReadOnlyDictionary<string, string> errors,
        JsonArray? affected, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(errors);
        var items = await db.LendingItems().AsNoTracking().Where(i => i.RetiredAtUtc == null)
            .OrderBy(i => i.Name).Select(i => new { i.Id, i.Name, i.Quantity }).ToListAsync(ct);
        var choices = new JsonArray();
        foreach (var i in items)
            choices.Add(new JsonObject { ["title"] = turn.Format("lendingDesk.blockForm.itemChoice", CardText.Plain(i.Name), i.Quantity), ["value"] = i.Id.ToString(CultureInfo.InvariantCulture) });
        var reasons = new JsonArray();
        foreach (var r in BlockList.Chosen)
            reasons.Add(new JsonObject { ["title"] = turn.Word(BlockList.ReasonKey(r)), ["value"] = CreateBlock.ReasonValue(r) });

        var err = new JsonObject();
        foreach (var field in Fields.Split(','))
        {
            var text = errors.GetValueOrDefault(field, "");
            err[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 };
        }
        var summary = new JsonArray();
        foreach (var e in errors.Values) summary.Add(new JsonObject { ["text"] = e });
        var form = new JsonObject();
        foreach (var field in Fields.Split(',')) form[field] = entered is null ? "" : CardInput.Text(entered, field);
        if (entered is null) form["quantity"] = "1";
        else if (CardInput.TryGetId(entered, "itemId", out var itemId)) form["itemId"] = itemId.ToString(CultureInfo.InvariantCulture);
        var question = affected ?? [];
        return turn.Card("lendingAdmin/blockForm", new JsonObject
        {
            ["items"] = choices,
            ["reasons"] = reasons,
            ["form"] = form,
            ["err"] = err,
            ["errors"] = summary,
            ["hasErrors"] = summary.Count > 0,
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["affected"] = question,
            ["hasQuestion"] = question.Count > 0,
            ["question"] = turn.Format("lendingDesk.blockForm.question", question.Count.ToString(CultureInfo.InvariantCulture)),
        });
    }
}
