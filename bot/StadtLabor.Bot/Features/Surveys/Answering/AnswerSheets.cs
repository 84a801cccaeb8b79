using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Roles;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>Whether a person may answer a wave now, as the answering cards say it.</summary>
public enum AnswerStanding
{
    Open,
    NotRunning,
    NotInvited,
    AlreadyAnswered,
}

/// <summary>
/// A running wave's questions cut into pages of <see cref="SurveysOptions.QuestionsPerPage"/>, in their order, with the
/// small-group sizes the cards name (Privacy:MinGroupSize, Privacy:MinFreeTextSize).
/// </summary>
public sealed record AnswerSheet(SurveyWave Wave, Survey Survey, IReadOnlyList<SurveyQuestion> Questions, int PerPage, int MinGroupSize, int MinFreeText)
{
    public int PageCount => Math.Max(1, (Questions.Count + PerPage - 1) / PerPage);

    public IReadOnlyList<SurveyQuestion> On(int page) => [.. Questions.Skip(page * PerPage).Take(PerPage)];

    public int PageOf(long questionId)
    {
        var index = Questions.ToList().FindIndex(q => q.Id == questionId);
        return index < 0 ? 0 : index / PerPage;
    }

    public int Clamp(int page) => Math.Clamp(page, 0, PageCount - 1);
}

/// <summary>
/// Reads what answering needs (the wave, whether this person may answer, their draft) and keeps the draft. Every id
/// comes from card data anyone can edit, so each is checked here against the database, and the person is always the
/// one Teams signed. Nothing here writes a time or a row at "Absenden" (that is <see cref="SurveySubmission"/>'s).
/// </summary>
public sealed class AnswerSheets(LabDbContext db, IOptions<SurveysOptions> options, IGroupDirectory directory, SmallGroups smallGroups)
{
    public int PerPage => options.Value.QuestionsPerPage;

    public async Task<(AnswerStanding Standing, AnswerSheet? Sheet)> LoadAsync(string user, long waveId, CancellationToken ct)
    {
        var wave = await db.SurveyWaves().AsNoTracking().SingleOrDefaultAsync(w => w.Id == waveId, ct);
        if (wave is null || wave.Status != WaveStatus.Running) return (AnswerStanding.NotRunning, null);
        if (!await db.SurveyInvitees().AnyAsync(i => i.WaveId == waveId && i.UserAadObjectId == user, ct)) return (AnswerStanding.NotInvited, null);
        if (!await db.SurveyPending().AnyAsync(p => p.WaveId == waveId && p.UserAadObjectId == user, ct)) return (AnswerStanding.AlreadyAnswered, null);
        var survey = await db.Surveys().AsNoTracking().SingleAsync(s => s.Id == wave.SurveyId, ct);
        var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == wave.SurveyId)
            .OrderBy(q => q.Position).ThenBy(q => q.Id).ToListAsync(ct);
        return (AnswerStanding.Open, new AnswerSheet(wave, survey, questions, PerPage, smallGroups.MinGroupSize, smallGroups.MinFreeTextSize));
    }

    /// <summary>The person's answers so far and the page they were on; empty and page 0 without a draft.</summary>
    /// <summary>
    /// The common start of surveys.answer, surveys.page and surveys.submit: only in the 1:1 chat, a known person, a wave
    /// id, a wave this person may answer now, and their draft. <see cref="OpenedSheet.Refusal"/> is the answer when any
    /// of it fails (the other fields are then not set).
    /// </summary>
    public async Task<OpenedSheet> OpenAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (PersonalOnly.Refuse(turn) is { } refused) return OpenedSheet.Refused(refused);
        if (LabUser.From(turn) is not { } person) return OpenedSheet.Refused(turn.ErrorCard(turn.Word("surveysAnswer.unknownUser")));
        if (!CardInput.TryGetId(data, "waveId", out var waveId)) return OpenedSheet.Refused(new VerbResult.Card(AnswerCards.Done(turn, AnswerStanding.NotRunning)));
        var (standing, sheet) = await LoadAsync(person.AadObjectId, waveId, ct);
        if (sheet is null) return OpenedSheet.Refused(new VerbResult.Card(AnswerCards.Done(turn, standing)));
        var (answers, page, _) = await DraftAsync(person.AadObjectId, waveId, ct);
        // Graph: the department question starts at the person's department (a preselection, never stored as theirs).
        await DepartmentDefault.ApplyAsync(directory, person.AadObjectId, sheet, answers, ct);
        return new OpenedSheet(null, person, sheet, answers, page);
    }

    public async Task<(Dictionary<long, string> Answers, int Page, bool Exists)> DraftAsync(string user, long waveId, CancellationToken ct)
    {
        var draft = await db.SurveyDrafts().AsNoTracking().SingleOrDefaultAsync(d => d.WaveId == waveId && d.UserAadObjectId == user, ct);
        return draft is null ? ([], 0, false) : (SurveyAnswers.ReadDraft(draft.Answers), draft.Page, true);
    }

    /// <summary>
    /// Inserts or updates the draft in one statement (PostgreSQL and SQLite both understand ON CONFLICT), so "Weiter"
    /// clicked twice at once gives one row and no unique violation. A draft that would not fit its column is not
    /// kept (only a tampered card gets there: every value is cut to its question's limit first).
    /// </summary>
    public async Task SaveDraftAsync(string user, AnswerSheet sheet, IReadOnlyDictionary<long, string> answers, int page, CancellationToken ct)
    {
        var json = SurveyAnswers.WriteDraft(answers);
        if (json.Length > SurveyLimits.Draft) return;
        var now = DateTime.UtcNow;
        var waveId = sheet.Wave.Id;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO survey_drafts ("WaveId", "UserAadObjectId", "Answers", "Page", "UpdatedAtUtc")
            VALUES ({waveId}, {user}, {json}, {page}, {now})
            ON CONFLICT ("WaveId", "UserAadObjectId") DO UPDATE SET "Answers" = excluded."Answers", "Page" = excluded."Page", "UpdatedAtUtc" = excluded."UpdatedAtUtc"
            """, ct);
    }

    /// <summary>
    /// The card's inputs for these questions, as raw strings over the answers so far. A question on the page whose
    /// input is missing was left empty (Teams leaves out an empty choice); a question of <paramref name="alsoSent"/>
    /// counts only when its input came along. Values are cut a little past their limit, so the too-long message
    /// still shows and a tampered card cannot blow up the draft.
    /// </summary>
    public static Dictionary<long, string> Merge(IReadOnlyDictionary<long, string> answers, System.Text.Json.Nodes.JsonObject data,
        IEnumerable<SurveyQuestion> page, IEnumerable<SurveyQuestion>? alsoSent = null)
    {
        var merged = new Dictionary<long, string>(answers);
        foreach (var q in page) merged[q.Id] = Cut(q, SurveyAnswers.Read(data, q) ?? "");
        foreach (var q in alsoSent ?? [])
            if (SurveyAnswers.Read(data, q) is { } raw) merged[q.Id] = Cut(q, raw);
        return merged;
    }

    private static string Cut(SurveyQuestion q, string raw)
    {
        var limit = q.Kind == QuestionKind.FreeText ? Math.Min(q.MaxLength, SurveyLimits.FreeText) + 1 : 200;
        return raw.Length > limit ? raw[..limit] : raw;
    }
}

/// <summary>What <see cref="AnswerSheets.OpenAsync"/> found: the refusal to answer with, or the person, the sheet and their draft.</summary>
public sealed record OpenedSheet(VerbResult? Refusal, LabUser Person, AnswerSheet Sheet, Dictionary<long, string> Answers, int DraftPage)
{
    public static OpenedSheet Refused(VerbResult refusal) => new(refusal, null!, null!, [], 0);
}
