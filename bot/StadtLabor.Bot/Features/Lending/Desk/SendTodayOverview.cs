using System.Globalization;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// 8:00 on working days: today's pickups and returns to the lab team (<see cref="DeskRecipients"/>). One message per
/// day and recipient (the outbox key holds both), so a second run, a restart or a second instance sends nothing
/// more; a day with nothing to hand over or take back sends nothing at all. The cron leaves out weekends and the
/// holiday calendar NRW holidays; the day is checked here again, because a run that was missed and caught up later,
/// or a changed cron, must not send on a day the lab is closed.
/// </summary>
public sealed partial class SendTodayOverview(
    LabDbContext db, TodayOverview overview, DeskRecipients recipients, CardRenderer cards, TimeProvider time,
    ILogger<SendTodayOverview> log) : ILabJob
{
    public const string Name = "LendingDeskToday";
    public const string DefaultCron = "0 0 8 ? * MON-FRI";

    public static string KeyPrefix(DateOnly day) => "lending.desk.today:" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(period.Start.DateTime);
        if (!WorkingDays.IsWorkingDay(day)) return;
        var now = time.GetUtcNow().UtcDateTime;
        var cache = new Dictionary<string, TodayOverview.Result>(StringComparer.Ordinal);
        foreach (var lang in Strings.Languages) cache[lang] = await overview.LoadAsync(day, lang, now, "", ct);
        if (cache[Strings.German].Empty) return;

        var sent = await recipients.SendAsync(KeyPrefix(day), lang => cards.Render("lendingAdmin/today", lang, cache[lang].Data.DeepClone().AsObject()), ct);
        await db.SaveChangesAsync(ct);
        if (sent > 0) LogSent(log, sent);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lending desk overview queued for {Count} recipients")]
    private static partial void LogSent(ILogger logger, int count);
}
