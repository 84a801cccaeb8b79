using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Digests.Roles;

/// <summary>
/// The weekly role digests, on the first working day of the ISO week at 7:30 Europe/Berlin: the cron fires 7:30 on
/// working days, skipping NRW holidays, and the job's period is the week, so the first firing of a week runs and the
/// wrapper's job_periods row (shared by every instance) makes the rest of the week's firings do nothing. After Easter
/// the Tuesday runs; a restart after downtime fires once (misfire: fire and proceed) and sends the week that was
/// missed. Per reader and kind one DigestEdition and one outbox message to the 1:1 chat, written in one transaction:
/// a second run of the same week, from a retry or another instance, finds the edition and sends nothing more.
/// </summary>
public sealed partial class SendRoleDigests(
    LabDbContext db, RoleDigestRecipients recipients, RoleWeek week, RoleDigestCard cards, CardRenderer renderer, OutboxWriter outbox,
    TimeProvider time, ILogger<SendRoleDigests> log) : ILabJob
{
    public const string Name = "RoleDigests";
    public const string DefaultCron = "0 30 7 ? * MON-FRI";

    public static string PeriodKey(JobPeriod period) => DateOnly.FromDateTime(period.Start.DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string DedupeKey(DigestKind kind, string periodKey, string user) => $"digests.role:{RoleDigestCard.KindKey(kind)}:{periodKey}:{user}";

    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        var readers = await recipients.ReadersAsync(ct);
        if (readers.Count == 0) return;
        var key = PeriodKey(period);
        var done = (await db.DigestEditions().AsNoTracking()
                .Where(e => e.PeriodKey == key && (e.Kind == DigestKind.LabTeam || e.Kind == DigestKind.Lotsen || e.Kind == DigestKind.Innovation))
                .Select(e => new { e.Kind, e.Audience }).ToListAsync(ct))
            .Select(e => (e.Kind, e.Audience)).ToHashSet();
        await week.LoadAsync(period, ct);

        var sent = 0;
        foreach (var reader in readers)
        {
            foreach (var kind in RoleSections.KindsFor(reader.Held).Where(k => !done.Contains((k, reader.AadObjectId))))
                if (await SendAsync(reader, kind, key, ct)) sent++;
        }
        if (sent > 0) LogSent(log, sent, key);
    }

    private async Task<bool> SendAsync(RoleReader reader, DigestKind kind, string periodKey, CancellationToken ct)
    {
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var dedupeKey = DedupeKey(kind, periodKey, reader.AadObjectId);
        var edition = new DigestEdition
        {
            Kind = kind, PeriodKey = periodKey, Audience = reader.AadObjectId, Language = reader.Lang, OutboxDedupeKey = dedupeKey,
            CreatedAtUtc = now, UpdatedAtUtc = now,
        };
        db.DigestEditions().Add(edition);
        // Saved first for its id: the acknowledgement buttons name the edition.
        await db.SaveChangesAsync(ct);
        if (await cards.DataAsync(week, kind, reader.Held, reader.Lang, edition.Id, ct) is not { } card)
        {
            // Nothing in any section: no card, and no edition, so an idle week leaves no trace.
            db.ChangeTracker.Clear();
            return false;
        }
        edition.ItemCount = card.Items;
        await outbox.ToUserAsync(dedupeKey, reader.TenantId, reader.AadObjectId,
            Activity.Card(renderer.Render(RoleDigestCard.CardName, reader.Lang, card.Data)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Role digests queued: {Count} for the week of {Period}")]
    private static partial void LogSent(ILogger logger, int count, string period);
}
