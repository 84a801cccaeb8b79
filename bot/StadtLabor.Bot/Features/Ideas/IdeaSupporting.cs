using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>What a click on "Das ist meine Idee auch" (or "Unterstützung zurückziehen") did.</summary>
public enum SupportOutcome
{
    Added,
    AlreadySupported,
    Removed,
    NotSupported,
    NoSuchIdea,

    /// <summary>The person submitted it (or came with a merge): an author does not support their own idea.</summary>
    OwnIdea,

    /// <summary>Done, rejected or merged: nothing to support any more (a merged one: its target can be).</summary>
    Closed,
}

/// <summary>
/// The one owner of supports, for the chat's buttons and the message extension's dialog alike. One support per person
/// and idea: the unique index settles a triple click or two instances, and the count moves only with a row that was
/// really added or removed (an atomic increment, in the same transaction). Supports do not take the
/// <see cref="IdeaLock"/>: they must not make a Lotse's open card stale.
/// </summary>
public sealed class IdeaSupporting(LabDbContext db, TimeProvider time)
{
    public async Task<SupportOutcome> AddAsync(Person person, long ideaId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var idea = await db.Ideas().AsNoTracking().Where(i => i.Id == ideaId).Select(i => new { i.Status }).FirstOrDefaultAsync(ct);
        if (idea is null) return SupportOutcome.NoSuchIdea;
        if (idea.Status.IsClosed()) return SupportOutcome.Closed;
        if (await db.IdeaAuthors().AnyAsync(a => a.IdeaId == ideaId && a.UserAadObjectId == person.AadObjectId, ct)) return SupportOutcome.OwnIdea;

        await using var tx = await LabTransaction.BeginAsync(db, ct);
        // ON CONFLICT DO NOTHING (both providers): a concurrent second click adds nothing and fails nothing.
        var added = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO idea_supports (\"IdeaId\", \"UserAadObjectId\", \"TenantId\", \"Lang\", \"CreatedAtUtc\") VALUES ({ideaId}, {person.AadObjectId}, {person.TenantId}, {person.Lang}, {time.GetUtcNow().UtcDateTime}) ON CONFLICT DO NOTHING", ct);
        if (added == 1)
            await db.Ideas().Where(i => i.Id == ideaId).ExecuteUpdateAsync(s => s.SetProperty(i => i.SupportCount, i => i.SupportCount + 1), ct);
        await tx.CommitAsync(ct);
        return added == 1 ? SupportOutcome.Added : SupportOutcome.AlreadySupported;
    }

    public async Task<SupportOutcome> RemoveAsync(Person person, long ideaId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        var removed = await db.IdeaSupports().Where(s => s.IdeaId == ideaId && s.UserAadObjectId == person.AadObjectId).ExecuteDeleteAsync(ct);
        if (removed == 1)
            await db.Ideas().Where(i => i.Id == ideaId).ExecuteUpdateAsync(s => s.SetProperty(i => i.SupportCount, i => i.SupportCount - 1), ct);
        await tx.CommitAsync(ct);
        return removed == 1 ? SupportOutcome.Removed : SupportOutcome.NotSupported;
    }
}
