using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// The card trainings/form (new and edit), blank, prefilled, or back after a refused submit with every value kept,
/// each message right under its field and all of them again right above the button (where the person is when the
/// card comes back). The announce toggle is only offered when a channel is configured.
/// </summary>
public sealed class SessionFormCard(LabDbContext db, IOptions<TrainingsOptions> options, TimeProvider time)
{
    /// <summary>The inputs in the order the card shows them: the summary lists messages in the same order.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["tool", "newTool", "title", "description", "prerequisites", "date", "start", "end", "capacity", "place", "onlineUrl", "trainer"];

    public bool HasChannel => options.Value.AnnounceConversationId.Trim().Length > 0;

    public async Task<JsonObject> RenderAsync(TurnContext turn, SessionForm form, long sessionId, FormCheck? check, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(form);
        var errors = check?.Errors ?? [];
        var warning = check?.Warning ?? "";
        var warnedDay = check?.WarnedDay ?? "";
        var isEdit = sessionId > 0;
        var tools = await db.TrainingTools().AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);

        var byField = new JsonObject();
        foreach (var field in Fields)
        {
            var text = string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Text));
            byField[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 };
        }
        var summary = errors.OrderBy(e => Fields.ToList().IndexOf(e.Field)).Select(e => (JsonNode)new JsonObject { ["text"] = e.Text });
        var anyway = warnedDay.Length > 0 && DateOnly.TryParseExact(warnedDay, SessionForm.DateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var day)
            ? turn.Format(isEdit ? "trainingsAdmin.form.saveAnyway" : "trainingsAdmin.form.publishAnyway", Wording.Day(turn.Lang, day, time.GetUtcNow().UtcDateTime))
            : "";
        var submitTitle = anyway.Length > 0 ? anyway : turn.Word(isEdit ? "trainingsAdmin.form.save" : "trainingsAdmin.form.publish");

        return turn.Card("trainings/form", new JsonObject
        {
            ["heading"] = !isEdit ? turn.Word("trainingsAdmin.form.newTitle")
                : form.Title.Length > 0 ? turn.Format("trainingsAdmin.form.editTitleOf", CardText.Plain(form.Title)) : turn.Word("trainingsAdmin.form.editTitle"),
            ["submitTitle"] = submitTitle,
            ["submitVerb"] = isEdit ? "trainings.update" : "trainings.create",
            ["sessionId"] = sessionId,
            ["allowDay"] = warnedDay,
            ["err"] = byField,
            ["errors"] = new JsonArray([.. summary]),
            ["hasErrors"] = errors.Count > 0,
            ["warning"] = warning,
            ["hasWarning"] = warning.Length > 0,
            ["warningChoice"] = anyway.Length > 0 ? turn.Format("trainingsAdmin.warning.choice", anyway) : "",
            ["hasWarningChoice"] = anyway.Length > 0,
            ["hasChannel"] = HasChannel,
            ["capacityRule"] = turn.Format("trainingsAdmin.error.capacity", TrainingLimits.MaxCapacity),
            // The typed values go back unchanged as input values and choice titles: those are plain text in Adaptive
            // Cards (no markdown), so CardText.Plain's escapes would show up and pile up with each round trip. The
            // template expander keeps them one JSON string each, so they cannot break the card.
            ["tools"] = new JsonArray([.. tools.Select(t => (JsonNode)new JsonObject
            {
                ["title"] = t.Name,
                ["value"] = t.Id.ToString(CultureInfo.InvariantCulture),
            })]),
            ["form"] = new JsonObject
            {
                ["toolId"] = form.ToolId,
                ["newTool"] = form.NewTool,
                ["title"] = form.Title,
                ["description"] = form.Description,
                ["prerequisites"] = form.Prerequisites,
                ["date"] = form.Date,
                ["start"] = form.Start,
                ["end"] = form.End,
                ["place"] = form.Place,
                ["onlineUrl"] = form.OnlineUrl,
                ["trainer"] = form.Trainer,
                // Input.Number wants a number: what was typed, or 0 when it was no whole number (the message says so).
                ["capacity"] = int.TryParse(form.Capacity, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0,
                ["announce"] = form.Announce ? "true" : "false",
            },
        });
    }
}
