using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Features.Lending.Records;

/// <summary>
/// GET /exports/lending/{token}.csv and .xlsx: every stored reservation, one row each, for the lab team (the item's
/// history, the year's figures). Made for one member by the records card, valid 15 minutes, and that member's
/// LabTeam role is checked again on every download. Cells are formula-safe (<see cref="Spreadsheet"/>). A purpose
/// older than Privacy:Retention:LendingPurpose is left out even before the nightly run empties it.
/// </summary>
public static partial class DownloadHistory
{
    private static readonly string[] Columns =
        ["item", "quantity", "from", "to", "status", "person", "place", "purpose", "decidedAt", "lentAt", "returnedAt"];

    private const string Reason = "Opened from the lab team's records card in a browser without sign-in; the HMAC-signed link, made for a lab-team member and valid 15 minutes, is the permission, and that member's LabTeam role is checked again on every download.";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/exports/lending/{token}.csv", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, csv: true, http, ct))
            .AllowWithoutLabRole(Reason);
        app.MapGet("/exports/lending/{token}.xlsx", (string token, HttpContext http, CancellationToken ct) => HandleAsync(token, csv: false, http, ct))
            .AllowWithoutLabRole(Reason);
    }

    private static async Task<IResult> HandleAsync(string token, bool csv, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var strings = services.GetRequiredService<Strings>();
        await services.GetRequiredService<LinkKey>().LoadAsync(ct);
        if (services.GetRequiredService<DownloadLinks>().Read(token, LinkPurpose.LendingHistory) is not { } grant)
            return RecordLinks.Refuse(strings, StatusCodes.Status404NotFound, "lendingRecords.unknown");
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DownloadHistory).FullName!);
        if (!await RecordLinks.StillLabTeamAsync(services, grant, ct))
        {
            LogRefused(log);
            return RecordLinks.Refuse(strings, StatusCodes.Status403Forbidden, "lendingRecords.forbidden");
        }

        var db = services.GetRequiredService<LabDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var purposeDays = services.GetRequiredService<IOptions<PrivacyOptions>>().Value
            .DaysFor<EmptyLendingPurposes>(services.GetServices<IRetentionPolicy>());
        var purposeCutoff = now.AddDays(-purposeDays);
        var names = await db.LendingItems().AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        var reservations = await db.LendingReservations().AsNoTracking().OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id).ToListAsync(ct);

        const string lang = Strings.German;
        var header = Columns.Select(c => strings.Get(lang, "lendingRecords.column." + c)).ToList();
        var rows = reservations.Select(r => (IReadOnlyList<string>)
        [
            names.GetValueOrDefault(r.ItemId, ""),
            r.Quantity.ToString(CultureInfo.InvariantCulture),
            Time(r.StartsAtUtc),
            Time(r.EndsAtUtc),
            strings.Get(lang, "lendingRecords.status." + DownloadFeed.StatusKey(r.Status)),
            r.UserName.Length > 0 ? r.UserName : strings.Get(lang, "lendingRecords.feed.noName"),
            r.PickupPlace,
            EmptyLendingPurposes.PurposeKept(r, purposeCutoff) ? r.Purpose : "",
            Time(r.DecidedAtUtc),
            Time(r.LentAtUtc),
            Time(r.ReturnedAtUtc),
        ]).ToList();

        LogExport(log, rows.Count, csv);
        http.Response.Headers.CacheControl = "no-store";
        const string name = "ausleihen";
        return csv
            ? Results.File(Spreadsheet.Csv(header, rows), "text/csv; charset=utf-8", name + ".csv")
            : Results.File(Spreadsheet.Xlsx(strings.Get(lang, "lendingRecords.sheet"), header, rows),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }

    private static string Time(DateTime? utc) =>
        utc is { } at ? TrainingTime.ToBerlin(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    [LoggerMessage(Level = LogLevel.Information, Message = "Lending history export: {Rows} rows (CSV: {Csv})")]
    private static partial void LogExport(ILogger logger, int rows, bool csv);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lending history export refused: the person the link was made for no longer holds the LabTeam role")]
    private static partial void LogRefused(ILogger logger);
}
