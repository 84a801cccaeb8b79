using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// The app the survey tests share, one per database (a collection fixture: an app per test class costs too much test
/// time): Ines is Innovation, Rita the research partner, Sam the lab team; Erika and the colleagues are staff. Tests
/// share the database, so each arranges its own surveys and looks only at them.
/// </summary>
public abstract class SurveysBot : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Roles:Innovation:0"] = Activities.Innovation.AadObjectId,
        ["Roles:ResearchPartner:0"] = Activities.Research.AadObjectId,
        ["Roles:LabTeam:0"] = Activities.LabTeam.AadObjectId,
    };
}

public sealed class SqliteSurveysBot : SurveysBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresSurveysBot : SurveysBot
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Test classes on the SQLite surveys app: <c>[Collection(SurveysCollections.Sqlite)]</c>.</summary>
[CollectionDefinition(SurveysCollections.Sqlite)]
public sealed class SqliteSurveysGroup : ICollectionFixture<SqliteSurveysBot>;

/// <summary>Test classes on the PostgreSQL surveys app: <c>[Collection(SurveysCollections.Postgres)]</c>.</summary>
[CollectionDefinition(SurveysCollections.Postgres)]
public sealed class PostgresSurveysGroup : ICollectionFixture<PostgresSurveysBot>;

public static class SurveysCollections
{
    public const string Sqlite = "surveys-sqlite";
    public const string Postgres = "surveys-postgres";
}

/// <summary>A seeded survey: its id and its questions by what they ask (see <see cref="SurveySeed.SurveyAsync"/>).</summary>
public sealed record SeededSurvey(long Id, SurveyQuestion Department, SurveyQuestion Days, SurveyQuestion Tools, SurveyQuestion Satisfaction,
    SurveyQuestion Hours, SurveyQuestion Change)
{
    public IReadOnlyList<SurveyQuestion> All => [Department, Days, Tools, Satisfaction, Hours, Change];
}

/// <summary>Surveys, waves and answers written straight into the bot's database, for arranging a state (no rules checked).</summary>
public static class SurveySeed
{
    /// <summary>A title unique per test (the database is shared by the tests of a collection).</summary>
    public static string Unique(string title) => title + " " + Guid.NewGuid().ToString("N")[..6];

    public static readonly string[] Departments = ["Bürgerdienste und Ordnung", "Bauen und Stadtentwicklung", "Finanzen und Zentrale Dienste", "keine Angabe"];

    /// <summary>
    /// A survey by Ines with six questions: department group (breakdown slot 1, single choice), days at home (single
    /// choice 0..5 as options), tools (multiple choice), satisfaction (scale), hours per week on the road (number 0..40,
    /// banded), what should change (free text).
    /// </summary>
    public static Task<SeededSurvey> SurveyAsync(BotFixture bot, string title, Action<Survey>? adjust = null) =>
        bot.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var survey = new Survey
            {
                Title = title,
                Purpose = "Wie arbeiten wir im Homeoffice?",
                Template = "homeoffice",
                TenantId = BotFixture.TenantId,
                CreatedByAadObjectId = Activities.Innovation.AadObjectId,
                CreatedByName = Activities.Innovation.Name,
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
            };
            adjust?.Invoke(survey);
            db.Surveys().Add(survey);
            await db.SaveChangesAsync();
            SurveyQuestion Q(int pos, QuestionKind kind, string text, string[]? options = null, int breakdown = 0, int? min = null, int? max = null) =>
                new()
                {
                    SurveyId = survey.Id, Position = pos, Kind = kind, Text = text, Options = SurveyQuestion.ToOptions(options ?? []),
                    BreakdownSlot = breakdown, Min = min, Max = max,
                    ScaleLow = kind == QuestionKind.Scale ? "gar nicht zufrieden" : "", ScaleHigh = kind == QuestionKind.Scale ? "sehr zufrieden" : "",
                };
            var questions = new[]
            {
                Q(1, QuestionKind.SingleChoice, "In welchem Bereich arbeitest du?", Departments, breakdown: 1),
                Q(2, QuestionKind.SingleChoice, "An wie vielen Tagen pro Woche arbeitest du zu Hause?", ["0", "1", "2", "3", "4", "5"]),
                Q(3, QuestionKind.MultipleChoice, "Welche Werkzeuge nutzt du für die Zusammenarbeit?", ["Teams", "Miro", "Trello", "Stackfield"]),
                Q(4, QuestionKind.Scale, "Wie zufrieden bist du mit dem Arbeiten zu Hause?"),
                Q(5, QuestionKind.Number, "Wie viele Stunden pro Woche bist du unterwegs?", min: 0, max: 40),
                Q(6, QuestionKind.FreeText, "Was sollte sich ändern?"),
            };
            db.SurveyQuestions().AddRange(questions);
            await db.SaveChangesAsync();
            return new SeededSurvey(survey.Id, questions[0], questions[1], questions[2], questions[3], questions[4], questions[5]);
        });

    /// <summary>A wave of the survey with these invitees (pending, with their empty answer slots), in the given state.</summary>
    public static Task<long> WaveAsync(BotFixture bot, long surveyId, IEnumerable<Activities.Persona> invitees, WaveStatus status = WaveStatus.Running,
        int number = 1, int slots = -1) =>
        bot.WithDbAsync(async db =>
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var wave = new SurveyWave
            {
                SurveyId = surveyId, Number = number, Status = status, OpensOn = today.AddDays(-1), ClosesOn = today.AddDays(13),
                StartedAtUtc = status == WaveStatus.Planned ? null : DateTime.UtcNow,
                ClosedAtUtc = status == WaveStatus.Closed ? DateTime.UtcNow : null,
            };
            db.SurveyWaves().Add(wave);
            await db.SaveChangesAsync();
            var people = invitees.ToList();
            foreach (var p in people)
            {
                db.SurveyInvitees().Add(new SurveyInvitee { WaveId = wave.Id, UserAadObjectId = p.AadObjectId, TenantId = BotFixture.TenantId });
                if (status != WaveStatus.Closed) db.SurveyPending().Add(new SurveyPending { WaveId = wave.Id, UserAadObjectId = p.AadObjectId });
            }
            await db.SaveChangesAsync();
            await ResponseSlots.AddAsync(db, wave.Id, slots >= 0 ? slots : people.Count, CancellationToken.None);
            return wave.Id;
        });

    /// <summary>
    /// Filled answers written in bulk (not through slots: for results tests), each from <paramref name="answer"/>(i):
    /// question id → value. The breakdown groups are copied as the real submission does.
    /// </summary>
    public static Task AnswersAsync(BotFixture bot, long waveId, int count, Func<int, IReadOnlyDictionary<long, AnswerValue>> answer) =>
        bot.WithDbAsync(async db =>
        {
            var surveyId = await db.SurveyWaves().Where(w => w.Id == waveId).Select(w => w.SurveyId).SingleAsync();
            var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == surveyId).ToListAsync();
            for (var i = 0; i < count; i++)
            {
                var values = answer(i);
                var groups = new int?[5];
                foreach (var q in questions.Where(q => q.IsBreakdown)) groups[q.BreakdownSlot] = values.GetValueOrDefault(q.Id)?.Choice;
                var id = Guid.NewGuid();
                db.SurveyResponses().Add(new SurveyResponse { Id = id, WaveId = waveId, Filled = true, Group1 = groups[1], Group2 = groups[2], Group3 = groups[3], Group4 = groups[4] });
                foreach (var q in questions)
                {
                    var a = values.GetValueOrDefault(q.Id);
                    db.SurveyValues().Add(new SurveyValue
                    {
                        ResponseId = id, QuestionId = q.Id, WaveId = waveId, Choice = a?.Choice, Number = a?.Number, Text = a?.Text,
                        Group1 = groups[1], Group2 = groups[2], Group3 = groups[3], Group4 = groups[4],
                    });
                }
                if (i % 200 == 199)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                }
            }
            await db.SaveChangesAsync();
            return count;
        });

    /// <summary>A typical answer: department group d, days at home, tools mask, satisfaction 1..5, hours, text (null: none).</summary>
    public static IReadOnlyDictionary<long, AnswerValue> Answer(SeededSurvey s, int department, int days, int tools, int satisfaction, int hours, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var values = new Dictionary<long, AnswerValue>
        {
            [s.Department.Id] = new(Choice: department),
            [s.Days.Id] = new(Choice: days),
            [s.Tools.Id] = new(Choice: tools),
            [s.Satisfaction.Id] = new(Choice: satisfaction),
            [s.Hours.Id] = new(Number: hours),
        };
        if (text is not null) values[s.Change.Id] = new(Text: text);
        return values;
    }

    /// <summary>"Absenden" as the chat's verb calls it (the app's <see cref="SurveySubmission"/> with its configuration), without the card around it.</summary>
    public static async Task<SubmitResult> SubmitAsync(BotFixture bot, Activities.Persona p, long waveId, IReadOnlyDictionary<long, string> raw)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(p);
        await using var scope = bot.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SurveySubmission>()
            .SubmitAsync(new LabUser(BotFixture.TenantId, p.AadObjectId), waveId, raw, CancellationToken.None);
    }

    /// <summary>Closes a wave as the lifecycle does: drafts go; the pending rows stay (participation is kept for reminders' history and "meine daten").</summary>
    public static Task CloseAsync(BotFixture bot, long waveId) =>
        bot.WithDbAsync(async db =>
        {
            await db.SurveyWaves().Where(w => w.Id == waveId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, WaveStatus.Closed).SetProperty(w => w.ClosedAtUtc, DateTime.UtcNow));
            return await db.SurveyDrafts().Where(d => d.WaveId == waveId).ExecuteDeleteAsync();
        });
}
