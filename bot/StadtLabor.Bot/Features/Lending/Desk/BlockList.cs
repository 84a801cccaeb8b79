using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>The lab team's list of current and future maintenance blocks (card lendingAdmin/blocks), and the reasons in words.</summary>
public sealed class BlockList(LabDbContext db, TimeProvider time)
{
    public const int MaxRows = 25;

    /// <summary>The reasons the lab team chooses on the form; MissingPart and Damaged come only from a return.</summary>
    public static readonly MaintenanceReason[] Chosen = [MaintenanceReason.Repair, MaintenanceReason.Cleaning, MaintenanceReason.LabEvent];

    public static string ReasonKey(MaintenanceReason reason) =>
        "lendingDesk.reason." + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    public async Task<JsonObject> CardAsync(TurnContext turn, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var now = time.GetUtcNow().UtcDateTime;
        var blocks = await db.MaintenanceBlocks().AsNoTracking()
            .Where(b => b.ClearedAtUtc == null && (b.EndsAtUtc == null || b.EndsAtUtc > now))
            .OrderBy(b => b.StartsAtUtc).ThenBy(b => b.Id).ToListAsync(ct);
        var names = await DeskView.NamesAsync(db, blocks.Select(b => b.ItemId), ct);
        var titles = new DeskView.UniqueTitles();
        var rows = new JsonArray();
        foreach (var b in blocks.Take(MaxRows))
        {
            var what = DeskView.What(names.GetValueOrDefault(b.ItemId, ""), b.Quantity);
            var from = Wording.Moment(turn.Lang, b.StartsAtUtc, now);
            var when = b.EndsAtUtc is { } end
                ? turn.Format("lendingDesk.blocks.fromTo", from, Wording.Moment(turn.Lang, end, now))
                : turn.Format("lendingDesk.blocks.fromOpen", from);
            var note = b.Note.Length > 0 ? " · " + CardText.Plain(b.Note) : "";
            rows.Add(new JsonObject
            {
                ["id"] = b.Id,
                ["text"] = $"{what} · {turn.Word(ReasonKey(b.Reason))}",
                ["facts"] = when + note,
                ["clearTitle"] = titles.Of(turn.Format("lendingDesk.blocks.clear", what, Wording.Day(turn.Lang, DateOnly.FromDateTime(Features.Trainings.TrainingTime.ToBerlin(b.StartsAtUtc)), now))),
            });
        }
        return turn.Card("lendingAdmin/blocks", new JsonObject
        {
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["blocks"] = rows,
            ["hasBlocks"] = blocks.Count > 0,
            ["noBlocks"] = blocks.Count == 0,
            ["more"] = blocks.Count > MaxRows ? turn.Format("lendingDesk.today.more", (blocks.Count - MaxRows).ToString(CultureInfo.InvariantCulture)) : "",
            ["hasMore"] = blocks.Count > MaxRows,
        });
    }
}
