using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// The handover and return cards (lendingAdmin/handover, lendingAdmin/return) in their two states: the form with the
/// checklist, and what was recorded once it is done. Form, refused submit and repeated submit all show the same way.
/// </summary>
public sealed class DeskCards(LabDbContext db, Checklist checklist, Strings strings, TimeProvider time)
{
    public Task<LendingReservation?> ReservationAsync(long id, CancellationToken ct) =>
        db.LendingReservations().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);

    public async Task<JsonObject> HandoverAsync(TurnContext turn, LendingReservation r, JsonObject? entered,
        IReadOnlyDictionary<long, string> errors, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(r);
        var data = await CommonAsync(turn, r, "lendingDesk.handover.heading", notice, errors, ct);
        var done = r.LentAtUtc is not null;
        data["isDone"] = done;
        data["isForm"] = !done && r.Status == ReservationStatus.Confirmed;
        data["rows"] = done || r.Status != ReservationStatus.Confirmed
            ? new JsonArray()
            : checklist.FormRows(await checklist.HandoverLinesAsync(r, ct), entered, errors, turn.Lang);
        data["recorded"] = done ? await checklist.RecordedRowsAsync(await checklist.LinesAsync(r.Id, CheckKind.Handover, ct), turn.Lang, ct) : new JsonArray();
        data["receipt"] = r.ReceiptConfirmedAtUtc is { } at
            ? turn.Format("lendingDesk.handover.receiptConfirmed", Wording.Moment(turn.Lang, at, Now))
            : turn.Word("lendingDesk.handover.receiptOpen");
        data["submitTitle"] = turn.Format("lendingDesk.handover.submit", data["what"]!.GetValue<string>(), data["who"]!.GetValue<string>());
        return turn.Card("lendingAdmin/handover", data);
    }

    public async Task<JsonObject> ReturnAsync(TurnContext turn, LendingReservation r, JsonObject? entered,
        IReadOnlyDictionary<long, string> errors, string notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(r);
        var data = await CommonAsync(turn, r, "lendingDesk.return.heading", notice, errors, ct);
        var done = r.Status == ReservationStatus.Returned;
        data["isDone"] = done;
        data["isForm"] = r.Status == ReservationStatus.Lent;
        data["rows"] = r.Status == ReservationStatus.Lent
            ? checklist.FormRows(await checklist.ReturnLinesAsync(r, ct), entered, errors, turn.Lang)
            : new JsonArray();
        data["recorded"] = done ? await checklist.RecordedRowsAsync(await checklist.LinesAsync(r.Id, CheckKind.Return, ct), turn.Lang, ct) : new JsonArray();
        data["submitTitle"] = turn.Format("lendingDesk.return.submit", data["what"]!.GetValue<string>(), data["who"]!.GetValue<string>());
        return turn.Card("lendingAdmin/return", data);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task<JsonObject> CommonAsync(TurnContext turn, LendingReservation r, string headingKey, string notice,
        IReadOnlyDictionary<long, string> errors, CancellationToken ct)
    {
        var name = (await DeskView.NamesAsync(db, [r.ItemId], ct)).GetValueOrDefault(r.ItemId, "");
        var what = DeskView.What(name, r.Quantity);
        var who = DeskView.Who(strings, turn.Lang, r);
        var place = r.PickupPlace.Length > 0 ? " · " + CardText.Plain(r.PickupPlace) : "";
        var errorList = new JsonArray();
        foreach (var e in errors.Values) errorList.Add(new JsonObject { ["text"] = e });
        return new JsonObject
        {
            ["reservationId"] = r.Id,
            ["what"] = what,
            ["who"] = who,
            ["heading"] = turn.Format(headingKey, what, who),
            ["summary"] = TrainingTime.Span(turn.Lang, r.StartsAtUtc, r.EndsAtUtc) + place,
            ["status"] = turn.Format("lendingDesk.status.line", turn.Word("lendingDesk.status." + StatusKey(r.Status))),
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["errors"] = errorList,
            ["hasErrors"] = errorList.Count > 0,
        };
    }

    public static string StatusKey(ReservationStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
