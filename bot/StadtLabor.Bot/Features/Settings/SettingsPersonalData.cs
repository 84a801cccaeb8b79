using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>
/// "meine daten" for a person's own settings: the language and the digest choices (frequency, folded reminders, role
/// digest). Erasing deletes the row: the bot then answers in the Teams client's language again, later messages in the
/// one recorded with each sign-up, and the digest is weekly with nothing folded (the default).
/// </summary>
public sealed class SettingsPersonalData(LabDbContext db) : IPersonalData
{
    public const string Kind = "languageChoice";

    public IReadOnlyList<Type> Covers => [typeof(PersonSettings)];

    private IQueryable<PersonSettings> Mine(DataSubject person) =>
        db.PersonSettings().Where(p => p.UserAadObjectId == person.AadObjectId);

    public const string DigestKind = "digestSettings";

    public async Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct) =>
        [new(Kind, await Mine(person).CountAsync(p => p.Language != null, ct)), new(DigestKind, await Mine(person).CountAsync(ct))];

    public async Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct) =>
        [.. (await Mine(person).AsNoTracking().OrderBy(p => p.TenantId).ToListAsync(ct)).Select(p => new PersonalRecord(Kind, new Dictionary<string, object?>
        {
            ["tenantId"] = p.TenantId,
            ["aadObjectId"] = p.UserAadObjectId,
            ["language"] = p.Language,
            ["digestFrequency"] = p.DigestFrequency.ToString(),
            ["digestFolds"] = p.DigestFolds.ToString(),
            ["roleDigests"] = p.RoleDigests,
            ["updatedAtUtc"] = p.UpdatedAtUtc,
        }))];

    public async Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct) =>
        [new(Kind, await Mine(person).ExecuteDeleteAsync(ct))];
}
