using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>A person's digest choices; <see cref="DigestSettings.Default"/> for everyone who never chose.</summary>
public sealed record DigestChoice(DigestFrequency Frequency, DigestFolds Folds, bool RoleDigests)
{
    /// <summary>
    /// Whether a reminder of this kind waits for the digest. With the digest off nothing folds: a reminder held back
    /// for a digest that never comes would be lost.
    /// </summary>
    public bool HasFolded(DigestFolds kind) => Frequency != DigestFrequency.Off && (Folds & kind) == kind && kind != DigestFolds.None;
}

/// <summary>
/// The digest choices, read by the digest job (who gets one, how often) and by the features that send reminders (is
/// this one folded into the digest?), written by the settings card. One owner of the fold rule: <see cref="DigestChoice.HasFolded"/>.
/// </summary>
public sealed class DigestSettings(LabDbContext db, TimeProvider time, Microsoft.Extensions.Options.IOptions<QuietHoursOptions> quiet)
{
    /// <summary>When a non-urgent message due at <paramref name="utc"/> may go out: the next moment outside quiet hours (if on).</summary>
    public DateTime NotBeforeUtc(DateTime utc) => quiet.Value.Enabled ? QuietHours.NextAllowedUtc(utc) : utc;

    public static readonly DigestChoice Default = new(DigestFrequency.Weekly, DigestFolds.None, true);

    public async Task<DigestChoice> OfAsync(string tenantId, string userAadObjectId, CancellationToken ct) =>
        await db.PersonSettings().AsNoTracking()
            .Where(p => p.TenantId == tenantId && p.UserAadObjectId == userAadObjectId)
            .Select(p => new DigestChoice(p.DigestFrequency, p.DigestFolds, p.RoleDigests)).FirstOrDefaultAsync(ct) ?? Default;

    /// <summary>The choices of these people who have a settings row; everyone else has <see cref="Default"/>.</summary>
    public async Task<IReadOnlyDictionary<string, DigestChoice>> OfPeopleAsync(string tenantId, IEnumerable<string> userAadObjectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(userAadObjectIds);
        var result = new Dictionary<string, DigestChoice>(StringComparer.Ordinal);
        // Chunks keep the IN list within what both providers take as parameters.
        foreach (var ids in userAadObjectIds.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            var rows = await db.PersonSettings().AsNoTracking()
                .Where(p => p.TenantId == tenantId && ids.Contains(p.UserAadObjectId))
                .Select(p => new { p.UserAadObjectId, p.DigestFrequency, p.DigestFolds, p.RoleDigests }).ToListAsync(ct);
            foreach (var r in rows) result[r.UserAadObjectId] = new DigestChoice(r.DigestFrequency, r.DigestFolds, r.RoleDigests);
        }
        return result;
    }

    /// <summary>Of these people, those whose reminders of <paramref name="kind"/> wait for their digest.</summary>
    public async Task<IReadOnlySet<string>> FoldingAsync(string tenantId, IEnumerable<string> userAadObjectIds, DigestFolds kind, CancellationToken ct) =>
        (await OfPeopleAsync(tenantId, userAadObjectIds, ct)).Where(p => p.Value.HasFolded(kind)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>People who chose a digest explicitly (daily or weekly) or folded something, in every tenant.</summary>
    public async Task<IReadOnlyList<(string TenantId, string UserAadObjectId, DigestChoice Choice)>> ChosenAsync(CancellationToken ct) =>
        [.. (await db.PersonSettings().AsNoTracking()
            .Select(p => new { p.TenantId, p.UserAadObjectId, p.DigestFrequency, p.DigestFolds, p.RoleDigests }).ToListAsync(ct))
            .Select(p => (p.TenantId, p.UserAadObjectId, new DigestChoice(p.DigestFrequency, p.DigestFolds, p.RoleDigests)))];

    /// <summary>
    /// Stores the choice: one statement that inserts or updates (both providers understand ON CONFLICT), so the same
    /// click delivered twice gives one row; the language column is left as it is.
    /// </summary>
    public async Task SaveAsync(string tenantId, string userAadObjectId, DigestChoice choice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var now = time.GetUtcNow().UtcDateTime;
        var frequency = (int)choice.Frequency;
        var folds = (int)choice.Folds;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO person_settings ("TenantId", "UserAadObjectId", "DigestFrequency", "DigestFolds", "RoleDigests", "UpdatedAtUtc")
            VALUES ({tenantId}, {userAadObjectId}, {frequency}, {folds}, {choice.RoleDigests}, {now})
            ON CONFLICT ("TenantId", "UserAadObjectId") DO UPDATE SET "DigestFrequency" = excluded."DigestFrequency",
                "DigestFolds" = excluded."DigestFolds", "RoleDigests" = excluded."RoleDigests", "UpdatedAtUtc" = excluded."UpdatedAtUtc"
            """, ct);
    }
}
