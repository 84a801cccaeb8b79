using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Digests;

/// <summary>
/// "meine daten" for the digests: the personal and role digests sent to the person (an edition holds their object id
/// as its audience, the period and how many lines it had, not the lines themselves) and their answers ("Gelesen",
/// "Erledigt", "Später"). Channel editions hold no person. Erasing deletes the person's editions (their answers go
/// with them) and any answer they gave elsewhere: the status card's counts shrink by them, which is the point.
/// </summary>
public sealed class DigestPersonalData(LabDbContext db, IOptions<PrivacyOptions> options, IEnumerable<IRetentionPolicy> policies) : IPersonalData
{
    public const string Editions = "digestEditions";
    public const string Answers = "digestAnswers";

    public IReadOnlyList<Type> Covers => [typeof(DigestEdition), typeof(DigestAcknowledgement)];

    private IQueryable<DigestEdition> MyEditions(DataSubject person) =>
        db.DigestEditions().Where(e => e.Kind != DigestKind.Channel && e.Audience == person.AadObjectId);

    private IQueryable<DigestAcknowledgement> MyAnswers(DataSubject person) =>
        db.DigestAcknowledgements().Where(a => a.UserAadObjectId == person.AadObjectId);

    public async Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct)
    {
        var days = options.Value.DaysFor<PurgeDigestEditions>(policies);
        return [new(Editions, await MyEditions(person).CountAsync(ct), days), new(Answers, await MyAnswers(person).CountAsync(ct), days)];
    }

    public async Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct)
    {
        var editions = await MyEditions(person).AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct);
        var answers = await MyAnswers(person).AsNoTracking().OrderBy(a => a.EditionId).ToListAsync(ct);
        return
        [
            .. editions.Select(e => new PersonalRecord(Editions, new Dictionary<string, object?>
            {
                ["kind"] = e.Kind.ToString(),
                ["period"] = e.PeriodKey,
                ["aadObjectId"] = e.Audience,
                ["language"] = e.Language,
                ["lines"] = e.ItemCount,
                ["createdAtUtc"] = e.CreatedAtUtc,
            })),
            .. answers.Select(a => new PersonalRecord(Answers, new Dictionary<string, object?>
            {
                ["edition"] = a.EditionId,
                ["aadObjectId"] = a.UserAadObjectId,
                ["answer"] = a.Answer.ToString(),
                ["answeredAtUtc"] = a.AnsweredAtUtc,
            })),
        ];
    }

    public async Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct)
    {
        // Answers first, counted on their own; deleting the editions would take theirs along uncounted.
        var answers = await MyAnswers(person).ExecuteDeleteAsync(ct);
        var editions = await MyEditions(person).ExecuteDeleteAsync(ct);
        return [new(Editions, editions), new(Answers, answers)];
    }
}

/// <summary>
/// Personal and role digest editions, with their answers, 90 days after they were sent: long enough for the status
/// card's response rates over a quarter, and a digest older than that is only a record of what someone was told.
/// Channel editions hold no person; the channel digest keeps its own.
/// </summary>
public sealed class PurgeDigestEditions(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "DigestEditions";

    public int DefaultDays => 90;

    public async Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        var old = db.DigestEditions().Where(e => e.Kind != DigestKind.Channel && e.CreatedAtUtc < cutoffUtc);
        var answers = await db.DigestAcknowledgements().Where(a => old.Any(e => e.Id == a.EditionId)).ExecuteDeleteAsync(ct);
        return answers + await old.ExecuteDeleteAsync(ct);
    }
}
