using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// What the desk has to do on one day (Europe/Berlin): reservations to hand over (confirmed, and those still waiting
/// for approval, marked), loans due back that day, and loans overdue from earlier days. The card and the 8:00
/// message show the same data (card lendingAdmin/today).
/// </summary>
public sealed class TodayOverview(LabDbContext db, Strings strings)
{
    /// <summary>Rows per section: the card stays within Teams' message size; the rest is counted.</summary>
    public const int MaxRows = 25;

    public sealed record Result(JsonObject Data, bool Empty);

    public async Task<Result> LoadAsync(DateOnly day, string lang, DateTime nowUtc, string notice, CancellationToken ct)
    {
        var from = LabTime.StartOfDay(day).UtcDateTime;
        var to = LabTime.StartOfDay(day.AddDays(1)).UtcDateTime;
        var pickups = await db.LendingReservations().AsNoTracking()
            .Where(r => (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.Requested)
                && r.StartsAtUtc >= from && r.StartsAtUtc < to)
            .OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id).ToListAsync(ct);
        var lent = await db.LendingReservations().AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Lent && r.EndsAtUtc < to)
            .OrderBy(r => r.EndsAtUtc).ThenBy(r => r.Id).ToListAsync(ct);
        var dueToday = lent.Where(r => r.EndsAtUtc >= from).ToList();
        var overdue = lent.Where(r => r.EndsAtUtc < from).ToList();
        var names = await DeskView.NamesAsync(db, pickups.Concat(lent).Select(r => r.ItemId), ct);
        string Name(LendingReservation r) => names.GetValueOrDefault(r.ItemId, "");

        var titles = new DeskView.UniqueTitles();
        var pickupRows = new JsonArray();
        foreach (var r in pickups.Take(MaxRows))
        {
            var requested = r.Status == ReservationStatus.Requested;
            pickupRows.Add(new JsonObject
            {
                ["id"] = r.Id,
                ["text"] = strings.Format(lang, "lendingDesk.today.pickupRow", DeskView.Clock(r.StartsAtUtc), DeskView.What(Name(r), r.Quantity)),
                ["facts"] = Facts(lang, r, strings.Format(lang, "lendingDesk.today.until", Wording.Moment(lang, r.EndsAtUtc, nowUtc))),
                ["notApproved"] = requested,
                ["canHandOver"] = !requested,
                ["handOverTitle"] = titles.Of(strings.Format(lang, "lendingDesk.today.handOver", DeskView.What(Name(r), r.Quantity), DeskView.Who(strings, lang, r))),
            });
        }
        var returnRows = new JsonArray();
        foreach (var r in dueToday.Take(MaxRows)) returnRows.Add(ReturnRow(lang, r, Name(r), titles,
            strings.Format(lang, "lendingDesk.today.returnRow", DeskView.Clock(r.EndsAtUtc), DeskView.What(Name(r), r.Quantity)), nowUtc));
        var overdueRows = new JsonArray();
        foreach (var r in overdue.Take(MaxRows)) overdueRows.Add(ReturnRow(lang, r, Name(r), titles,
            strings.Format(lang, "lendingDesk.today.overdueRow", DeskView.What(Name(r), r.Quantity), Wording.Moment(lang, r.EndsAtUtc, nowUtc)), nowUtc));

        var data = new JsonObject
        {
            ["heading"] = strings.Format(lang, "lendingDesk.today.heading", Wording.Day(lang, day, nowUtc)),
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["pickups"] = pickupRows,
            ["hasPickups"] = pickups.Count > 0,
            ["noPickups"] = pickups.Count == 0,
            ["anyNotApproved"] = pickups.Any(r => r.Status == ReservationStatus.Requested),
            ["morePickups"] = More(lang, pickups.Count),
            ["hasMorePickups"] = pickups.Count > MaxRows,
            ["returns"] = returnRows,
            ["hasReturns"] = dueToday.Count > 0,
            ["noReturns"] = dueToday.Count == 0,
            ["moreReturns"] = More(lang, dueToday.Count),
            ["hasMoreReturns"] = dueToday.Count > MaxRows,
            ["overdue"] = overdueRows,
            ["hasOverdue"] = overdue.Count > 0,
            ["moreOverdue"] = More(lang, overdue.Count),
            ["hasMoreOverdue"] = overdue.Count > MaxRows,
        };
        return new Result(data, pickups.Count == 0 && lent.Count == 0);
    }

    private JsonObject ReturnRow(string lang, LendingReservation r, string name, DeskView.UniqueTitles titles, string text, DateTime nowUtc) => new()
    {
        ["id"] = r.Id,
        ["text"] = text,
        ["facts"] = Facts(lang, r, strings.Format(lang, "lendingDesk.today.lentSince", Wording.Moment(lang, r.LentAtUtc ?? r.StartsAtUtc, nowUtc))),
        ["returnTitle"] = titles.Of(strings.Format(lang, "lendingDesk.today.takeBack", DeskView.What(name, r.Quantity), DeskView.Who(strings, lang, r))),
    };

    private string Facts(string lang, LendingReservation r, string when)
    {
        var place = r.PickupPlace.Length > 0 ? " · " + CardText.Plain(r.PickupPlace) : "";
        return $"{DeskView.Who(strings, lang, r)} · {when}{place}";
    }

    private string More(string lang, int count) =>
        count > MaxRows ? strings.Format(lang, "lendingDesk.today.more", (count - MaxRows).ToString(CultureInfo.InvariantCulture)) : "";
}
