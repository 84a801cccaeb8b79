using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>
/// "meine daten" for a person's own settings (today the language). Erasing deletes the row: the bot then answers in
/// the Teams client's language again, and later messages in the one recorded with each sign-up.
/// </summary>
public sealed class SettingsPersonalData(LabDbContext db) : IPersonalData
{
    public const string Kind = "languageChoice";

    public IReadOnlyList<Type> Covers => [typeof(PersonSettings)];

    private IQueryable<PersonSettings> Mine(DataSubject person) =>
        db.PersonSettings().Where(p => p.UserAadObjectId == person.AadObjectId);

    public async Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct) =>
        [new(Kind, await Mine(person).CountAsync(p => p.Language != null, ct))];

    public async Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct) =>
        [.. (await Mine(person).AsNoTracking().OrderBy(p => p.TenantId).ToListAsync(ct)).Select(p => new PersonalRecord(Kind, new Dictionary<string, object?>
        {
            ["tenantId"] = p.TenantId,
            ["aadObjectId"] = p.UserAadObjectId,
            ["language"] = p.Language,
            ["updatedAtUtc"] = p.UpdatedAtUtc,
        }))];

    public async Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct) =>
        [new(Kind, await Mine(person).ExecuteDeleteAsync(ct))];
}
