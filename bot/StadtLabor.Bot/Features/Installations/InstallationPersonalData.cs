using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Privacy.Policies;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>
/// "meine daten" for installations: the person's own 1:1 chat reference (Teams id and object id). Erasing deletes it;
/// the answer to the erase click still reaches the person, because it goes back in the HTTP response, not through
/// the reference. Group chats and teams hold no person and are not touched.
/// </summary>
public sealed class InstallationPersonalData(LabDbContext db, IOptions<PrivacyOptions> options, IEnumerable<IRetentionPolicy> policies,
    KnownConversations known) : IPersonalData
{
    public const string Kind = "installations";

    public IReadOnlyList<Type> Covers => [typeof(Installation)];

    private IQueryable<Installation> Mine(DataSubject person) =>
        db.Installations().Where(i => i.UserAadObjectId == person.AadObjectId);

    public async Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct) =>
        [new(Kind, await Mine(person).CountAsync(ct), options.Value.DaysFor<PurgeInactiveInstallations>(policies))];

    public async Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct) =>
        [.. (await Mine(person).AsNoTracking().OrderBy(i => i.Id).ToListAsync(ct)).Select(i => new PersonalRecord(Kind, new Dictionary<string, object?>
        {
            ["conversationId"] = i.ConversationId,
            ["conversationType"] = i.ConversationType,
            ["teamsUserId"] = i.UserId,
            ["aadObjectId"] = i.UserAadObjectId,
            ["tenantId"] = i.TenantId,
            ["active"] = i.Active,
            ["installedAtUtc"] = i.InstalledAtUtc,
            ["updatedAtUtc"] = i.UpdatedAtUtc,
        }))];

    public async Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct)
    {
        known.ForgetAll();
        return [new(Kind, await Mine(person).ExecuteDeleteAsync(ct))];
    }
}
