using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Privacy.Policies;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Features.OutboxAdmin;

/// <summary>
/// "meine daten" for the outbox: messages the bot sends (or sent) to the person's 1:1 chat, which hold their object
/// id and the card. Messages to channels and group chats hold no person. Erasing deletes them all except one a
/// dispatcher is sending at this very moment (its lease runs): deleting that row under the dispatcher would turn a
/// delivery into an error; it leaves with the retention purge of sent messages.
/// </summary>
public sealed class OutboxPersonalData(LabDbContext db, IOptions<PrivacyOptions> options, IEnumerable<IRetentionPolicy> policies, TimeProvider time) : IPersonalData
{
    public const string Pending = "outboxPending";
    public const string Sent = "outboxSent";
    public const string Failed = "outboxFailed";

    public IReadOnlyList<Type> Covers => [typeof(OutboxMessage)];

    private IQueryable<OutboxMessage> Mine(DataSubject person) =>
        db.OutboxMessages().Where(m => m.UserAadObjectId == person.AadObjectId);

    public async Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct)
    {
        var counts = await Mine(person).GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(params OutboxStatus[] statuses) => counts.Where(c => statuses.Contains(c.Key)).Sum(c => c.Count);
        return
        [
            new(Pending, Count(OutboxStatus.Pending)),
            new(Sent, Count(OutboxStatus.Sent), options.Value.DaysFor<PurgeSentOutboxMessages>(policies)),
            new(Failed, Count(OutboxStatus.Failed, OutboxStatus.Dead), options.Value.DaysFor<PurgeFailedOutboxMessages>(policies)),
        ];
    }

    public async Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct) =>
        [.. (await Mine(person).AsNoTracking().OrderBy(m => m.Id).ToListAsync(ct)).Select(m => new PersonalRecord(KindOf(m.Status), new Dictionary<string, object?>
        {
            ["purpose"] = m.DedupeKey.Split(':')[0],
            ["status"] = m.Status.ToString(),
            ["createdAtUtc"] = m.CreatedAtUtc,
            ["sentAtUtc"] = m.SentAtUtc,
            ["conversationId"] = m.ConversationId,
            ["aadObjectId"] = m.UserAadObjectId,
            // The message itself, as Teams would get it: it is data about the person (their booking, their offer).
            ["message"] = JsonNode.Parse(m.ActivityJson),
        }))];

    public async Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var mine = Mine(person);
        var inFlight = await mine.CountAsync(m => m.Status == OutboxStatus.Pending && m.LeaseUntilUtc > now, ct);
        // One statement each, its condition checked row by row: a row a dispatcher claims meanwhile is left to it.
        var pending = await mine.Where(m => m.Status == OutboxStatus.Pending && (m.LeaseUntilUtc == null || m.LeaseUntilUtc <= now)).ExecuteDeleteAsync(ct);
        var sent = await mine.Where(m => m.Status == OutboxStatus.Sent).ExecuteDeleteAsync(ct);
        var failed = await mine.Where(m => m.Status == OutboxStatus.Failed || m.Status == OutboxStatus.Dead).ExecuteDeleteAsync(ct);
        return [new(Pending, pending, inFlight, inFlight > 0 ? "beingSent" : null), new(Sent, sent), new(Failed, failed)];
    }

    private static string KindOf(OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => Pending,
        OutboxStatus.Sent => Sent,
        _ => Failed,
    };
}
