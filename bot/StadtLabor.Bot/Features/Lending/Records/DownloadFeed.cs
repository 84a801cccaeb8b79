using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Features.Lending.Records;

/// <summary>
/// GET /feeds/lending/{token}.ics: the lab team's calendar subscription, of all lending (target 0) or of one item.
/// An event per reservation that holds units (requested, confirmed, lent) and per maintenance block not yet cleared,
/// with stable UIDs, so a refresh moves an entry instead of doubling it.
/// The entries name the item and the borrower. That is acceptable because the feed is the lab team's working
/// calendar with what their own cards show them anyway (approvals, today's pickups): the link is made for one
/// member from a lab-team-only card in their 1:1 chat, travels only over https, and every fetch checks that member's
/// LabTeam role again. The purpose a person typed never goes in (it is free text and has a shorter retention).
/// </summary>
public static partial class DownloadFeed
{
    /// <summary>How far back a feed reaches: enough for "who had it last month", without years of history in every fetch.</summary>
    public static readonly TimeSpan Past = TimeSpan.FromDays(60);

    private const string Reason = "A calendar subscription that Outlook fetches without sign-in; the HMAC-signed link, made for a lab-team member, is the permission, and that member's LabTeam role is checked again on every fetch.";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/feeds/lending/{token}.ics", HandleAsync).AllowWithoutLabRole(Reason);

    private static async Task<IResult> HandleAsync(string token, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var strings = services.GetRequiredService<Strings>();
        await services.GetRequiredService<LinkKey>().LoadAsync(ct);
        if (services.GetRequiredService<DownloadLinks>().Read(token, LinkPurpose.LendingFeed) is not { } grant)
            return RecordLinks.Refuse(strings, StatusCodes.Status404NotFound, "lendingRecords.unknown");
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DownloadFeed).FullName!);
        if (!await RecordLinks.StillLabTeamAsync(services, grant, ct))
        {
            // Before anything is looked up: someone without the role learns nothing, not even whether the item exists.
            LogRefused(log, grant.TargetId);
            return RecordLinks.Refuse(strings, StatusCodes.Status403Forbidden, "lendingRecords.forbidden");
        }
        var db = services.GetRequiredService<LabDbContext>();
        var itemId = grant.TargetId;
        var names = await db.LendingItems().AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        if (itemId != RecordLinks.AllItems && !names.ContainsKey(itemId))
            return RecordLinks.Refuse(strings, StatusCodes.Status404NotFound, "lendingRecords.unknown");

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var since = now - Past;
        var all = itemId == RecordLinks.AllItems;
        var reservations = await db.LendingReservations().AsNoTracking()
            .Where(r => (all || r.ItemId == itemId) && ReservationRule.Occupying.Contains(r.Status)
                && (r.EndsAtUtc >= since || r.Status == ReservationStatus.Lent))
            .OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.ItemId, r.Quantity, r.StartsAtUtc, r.EndsAtUtc, r.Status, r.UserName, r.PickupPlace, r.ScheduleVersion })
            .ToListAsync(ct);
        var blocks = await db.MaintenanceBlocks().AsNoTracking()
            .Where(b => (all || b.ItemId == itemId) && b.ClearedAtUtc == null && (b.EndsAtUtc == null || b.EndsAtUtc >= since))
            .OrderBy(b => b.StartsAtUtc).ThenBy(b => b.Id)
            .Select(b => new { b.Id, b.ItemId, b.Quantity, b.StartsAtUtc, b.EndsAtUtc, b.Reason })
            .ToListAsync(ct);

        const string lang = Strings.German;
        var host = services.GetRequiredService<IOptions<Downloads.LinkOptions>>().Value.BaseUri.IdnHost;
        var open = OpenEnd(now);
        var events = new List<FeedEvent>();
        foreach (var r in reservations)
        {
            // Overdue: still out, so the entry reaches to the end of today and says so.
            var overdue = r.Status == ReservationStatus.Lent && r.EndsAtUtc < now;
            var state = strings.Get(lang, "lendingRecords.status." + (overdue ? "overdue" : StatusKey(r.Status)));
            var person = r.UserName.Length > 0 ? r.UserName : strings.Get(lang, "lendingRecords.feed.noName");
            events.Add(new FeedEvent(
                string.Create(CultureInfo.InvariantCulture, $"lending-reservation-{r.Id}@{host}"),
                r.StartsAtUtc, overdue ? open : r.EndsAtUtc,
                strings.Format(lang, "lendingRecords.feed.reservation", names.GetValueOrDefault(r.ItemId, ""), r.Quantity, person, state),
                r.PickupPlace, r.ScheduleVersion));
        }
        foreach (var b in blocks)
        {
            events.Add(new FeedEvent(
                string.Create(CultureInfo.InvariantCulture, $"lending-block-{b.Id}@{host}"),
                b.StartsAtUtc, b.EndsAtUtc ?? (open > b.StartsAtUtc ? open : b.StartsAtUtc.AddDays(1)),
                strings.Format(lang, "lendingRecords.feed.block", names.GetValueOrDefault(b.ItemId, ""), b.Quantity,
                    strings.Get(lang, "lendingRecords.maintenance." + MaintenanceKey(b.Reason))),
                "", 0));
        }
        var title = all
            ? strings.Get(lang, "lendingRecords.feed.calendarAll")
            : strings.Format(lang, "lendingRecords.feed.calendarItem", names[itemId]);
        var ics = FeedFile.Write(title, now, events);

        // Ids and counts only: names stay out of the logs.
        LogFeed(log, itemId, events.Count);
        // Made for one member: no shared cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8",
            all ? "ausleihe.ics" : string.Create(CultureInfo.InvariantCulture, $"ausleihe-{itemId}.ics"));
    }

    /// <summary>Open-ended entries (a block until cleared, an overdue loan) reach to the end of today in Berlin.</summary>
    internal static DateTime OpenEnd(DateTime nowUtc) =>
        TrainingTime.ToUtc(TrainingTime.ToBerlin(nowUtc).Date.AddDays(1));

    internal static string StatusKey(ReservationStatus status) => status switch
    {
        ReservationStatus.Requested => "requested",
        ReservationStatus.Confirmed => "confirmed",
        ReservationStatus.Lent => "lent",
        ReservationStatus.Returned => "returned",
        ReservationStatus.Declined => "declined",
        ReservationStatus.Cancelled => "cancelled",
        _ => "noShow",
    };

    internal static string MaintenanceKey(MaintenanceReason reason) => reason switch
    {
        MaintenanceReason.Repair => "repair",
        MaintenanceReason.Cleaning => "cleaning",
        MaintenanceReason.LabEvent => "labEvent",
        MaintenanceReason.MissingPart => "missingPart",
        _ => "damaged",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Lending feed of item {ItemId} (0: all): {Events} events")]
    private static partial void LogFeed(ILogger logger, long itemId, int events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lending feed of item {ItemId} (0: all) refused: the person the link was made for no longer holds the LabTeam role")]
    private static partial void LogRefused(ILogger logger, long itemId);
}
