using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;

namespace StadtLabor.Bot.Features.Surveys.Records;

/// <summary>
/// "meine daten" for surveys: participation only. Which waves the person was invited to and whether they may still
/// answer, their unsent draft (their own answers before "Absenden", shown to them), surveys they created and exports
/// they made (innovation department, research partner). Their sent answers are NOT here and cannot be: they are stored
/// without any link to a person (<see cref="ResponseSlots"/>), so nobody can find them again, not even for the person;
/// the kind <see cref="Answers"/> is always 0 and its words say why.
/// Erasing: drafts, invitations and pending rows go (no more reminders; a sent answer stays as it always was,
/// unlinked); surveys and export log entries stay for the results and the log, without the name and the id.
/// </summary>
public sealed class SurveysPersonalData(LabDbContext db, IOptions<PrivacyOptions> options, IEnumerable<IRetentionPolicy> policies) : IPersonalData
{
    public const string Invitations = "surveysInvitations";
    public const string Drafts = "surveysDrafts";
    public const string Created = "surveysCreated";
    public const string Exports = "surveysExports";
    public const string Answers = "surveysAnswers";

    public IReadOnlyList<Type> Covers => [typeof(SurveyInvitee), typeof(SurveyPending), typeof(SurveyDraft), typeof(Survey), typeof(SurveyExport)];

    public async Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = person.AadObjectId;
        var days = options.Value.DaysFor<PurgeSurveys>(policies);
        return
        [
            new(Invitations, await db.SurveyInvitees().CountAsync(i => i.UserAadObjectId == id, ct), days),
            new(Drafts, await db.SurveyDrafts().CountAsync(d => d.UserAadObjectId == id, ct)),
            new(Created, await db.Surveys().CountAsync(s => s.CreatedByAadObjectId == id, ct)),
            new(Exports, await db.SurveyExports().CountAsync(x => x.ByAadObjectId == id, ct), days),
            // Always 0: listed so the card names answers among what is not stored about the person, and why.
            new(Answers, 0),
        ];
    }

    public async Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = person.AadObjectId;
        var invitations = await (from i in db.SurveyInvitees().AsNoTracking()
                                 join w in db.SurveyWaves().AsNoTracking() on i.WaveId equals w.Id
                                 join s in db.Surveys().AsNoTracking() on w.SurveyId equals s.Id
                                 where i.UserAadObjectId == id
                                 orderby w.OpensOn, i.WaveId
                                 select new
                                 {
                                     s.Title, w.Number, w.Status, w.OpensOn, w.ClosesOn, i.Lang,
                                     Pending = db.SurveyPending().Any(p => p.WaveId == i.WaveId && p.UserAadObjectId == id),
                                 }).ToListAsync(ct);
        var drafts = await (from d in db.SurveyDrafts().AsNoTracking()
                            join w in db.SurveyWaves().AsNoTracking() on d.WaveId equals w.Id
                            join s in db.Surveys().AsNoTracking() on w.SurveyId equals s.Id
                            where d.UserAadObjectId == id
                            orderby d.WaveId
                            select new { s.Id, s.Title, w.Number, d.Answers, d.Page, d.UpdatedAtUtc }).ToListAsync(ct);
        var created = await db.Surveys().AsNoTracking().Where(s => s.CreatedByAadObjectId == id).OrderBy(s => s.Id)
            .Select(s => new { s.Title, s.CreatedByName, s.CreatedAtUtc }).ToListAsync(ct);
        var exports = await (from x in db.SurveyExports().AsNoTracking()
                             join s in db.Surveys().AsNoTracking() on x.SurveyId equals s.Id
                             where x.ByAadObjectId == id
                             orderby x.AtUtc, x.Id
                             select new { s.Title, x.Kind, x.ByName, x.AtUtc }).ToListAsync(ct);

        var records = new List<PersonalRecord>();
        records.AddRange(invitations.Select(i => new PersonalRecord(Invitations, new Dictionary<string, object?>
        {
            ["survey"] = i.Title,
            ["wave"] = i.Number,
            ["waveStatus"] = i.Status.ToString(),
            ["opensOn"] = i.OpensOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["closesOn"] = i.ClosesOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["language"] = i.Lang,
            // Still pending: you may answer (and are reminded). Not pending: you answered, or it closed before you did.
            ["pending"] = i.Pending,
        })));
        foreach (var d in drafts)
        {
            var texts = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == d.Id).ToDictionaryAsync(q => q.Id, q => q.Text, ct);
            records.Add(new PersonalRecord(Drafts, new Dictionary<string, object?>
            {
                ["survey"] = d.Title,
                ["wave"] = d.Number,
                ["page"] = d.Page + 1,
                ["answers"] = DraftAnswers(d.Answers, texts),
                ["updatedAtUtc"] = d.UpdatedAtUtc,
            }));
        }
        records.AddRange(created.Select(c => new PersonalRecord(Created, new Dictionary<string, object?>
        {
            ["survey"] = c.Title,
            ["name"] = c.CreatedByName,
            ["createdAtUtc"] = c.CreatedAtUtc,
        })));
        records.AddRange(exports.Select(x => new PersonalRecord(Exports, new Dictionary<string, object?>
        {
            ["survey"] = x.Title,
            ["kind"] = x.Kind.ToString(),
            ["name"] = x.ByName,
            ["atUtc"] = x.AtUtc,
        })));
        return records;
    }

    public async Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = person.AadObjectId;
        // No lock: an "Absenden" at the same moment either ran first (its pending row is gone, the answer is stored
        // unlinked) or finds no pending row afterwards and stores nothing (AlreadyAnswered).
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        var answered = await db.SurveyInvitees().CountAsync(i => i.UserAadObjectId == id
            && !db.SurveyPending().Any(p => p.WaveId == i.WaveId && p.UserAadObjectId == id), ct);
        var drafts = await db.SurveyDrafts().Where(d => d.UserAadObjectId == id).ExecuteDeleteAsync(ct);
        await db.SurveyPending().Where(p => p.UserAadObjectId == id).ExecuteDeleteAsync(ct);
        var invitations = await db.SurveyInvitees().Where(i => i.UserAadObjectId == id).ExecuteDeleteAsync(ct);
        var exports = await db.SurveyExports().Where(x => x.ByAadObjectId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ByAadObjectId, "").SetProperty(x => x.ByName, ""), ct);
        await tx.CommitAsync(ct);

        // The creator is shown on the management cards: changed under the survey's lock, so an open card is stale.
        var created = 0;
        foreach (var surveyId in await db.Surveys().Where(s => s.CreatedByAadObjectId == id).Select(s => s.Id).ToListAsync(ct))
        {
            await using var locked = await SurveyLock.EnterAsync(db, surveyId, ct);
            if (locked is null || locked.Survey.CreatedByAadObjectId != id) continue;
            locked.Survey.CreatedByAadObjectId = "";
            locked.Survey.CreatedByName = "";
            await locked.CommitAsync(ct);
            created++;
        }
        return
        [
            new(Invitations, invitations),
            new(Drafts, drafts),
            new(Created, 0, created, created > 0 ? "surveysCreatedStay" : null),
            new(Exports, 0, exports, exports > 0 ? "surveysExportsStay" : null),
            new(Answers, 0, answered, answered > 0 ? "surveysAnswersStay" : null),
        ];
    }

    /// <summary>The draft as question text → what the person entered (their own answers, raw as the card sent them).</summary>
    private static Dictionary<string, string> DraftAnswers(string json, IReadOnlyDictionary<long, string> texts) =>
        SurveyAnswers.ReadDraft(json).ToDictionary(a => texts.GetValueOrDefault(a.Key) ?? a.Key.ToString(CultureInfo.InvariantCulture), a => a.Value);
}
