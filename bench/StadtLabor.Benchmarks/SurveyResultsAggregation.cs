using System.Data.Common;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Surveys;

namespace StadtLabor.Benchmarks;

/// <summary>
/// Survey results over 100,000 filled answers of one closed wave (issue 13: under 1 second, counted in the database),
/// on SQLite (a file) and PostgreSQL (STADTLABOR_TEST_POSTGRES, e.g. from scripts/throwaway-postgres.sh; without it the
/// PostgreSQL case fails its setup). Six questions like the integration tests' SurveySeed: "Bereich" (declared
/// breakdown, 5 groups), days at home (single choice), tools (multiple choice), satisfaction (scale), hours (number),
/// a comment (free text, every tenth). Measured: one question without and by the breakdown, all questions of the wave
/// by the breakdown (what a results card or export asks), and the running count. The rows are written with plain
/// multi-row INSERTs (the setup, not measured). The smoke test in StadtLabor.Bot.Tests runs it once with
/// <see cref="Answers"/> at its default (a few thousand) on SQLite.
/// </summary>
[MemoryDiagnoser]
public class SurveyResultsAggregation
{
    private string connectionString = "";
    private string? sqliteFile;
    private long waveId;
    private long[] questionIds = [];
    private long satisfactionId;

    [Params("Sqlite", "Postgres")]
    public string Database { get; set; } = "Sqlite";

    [Params(100_000)]
    public int Answers { get; set; } = 3_000;

    /// <summary>Optional: an extra index created by hand (never a migration), to measure what it would bring.</summary>
    public string? ExtraIndex { get; set; } = Environment.GetEnvironmentVariable("STADTLABOR_BENCH_SURVEY_INDEX");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        if (Database == "Sqlite")
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), $"stadtlabor-bench-surveys-{Guid.NewGuid():N}.db");
            connectionString = $"Data Source={sqliteFile}";
        }
        else
        {
            var server = Environment.GetEnvironmentVariable("STADTLABOR_TEST_POSTGRES")
                ?? throw new InvalidOperationException("STADTLABOR_TEST_POSTGRES is not set: start scripts/throwaway-postgres.sh first.");
            connectionString = $"{server.TrimEnd(';')};Database=bench_surveys_{Guid.NewGuid():N}";
        }
        await using var db = Context();
        await db.Database.MigrateAsync();
        var survey = new Survey { Title = "Benchmark", CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow };
        db.Surveys().Add(survey);
        await db.SaveChangesAsync();
        SurveyQuestion Q(int position, QuestionKind kind, string[] options, int breakdown = 0, int? min = null, int? max = null) => new()
        {
            SurveyId = survey.Id, Position = position, Kind = kind, Text = $"Frage {position}", Options = SurveyQuestion.ToOptions(options),
            BreakdownSlot = breakdown, Min = min, Max = max,
        };
        var questions = new[]
        {
            Q(1, QuestionKind.SingleChoice, ["Bürgerbüro", "Ordnungsamt", "Bauamt", "Jugendamt", "Kämmerei"], breakdown: 1),
            Q(2, QuestionKind.SingleChoice, ["0", "1–2", "3–4", "5"]),
            Q(3, QuestionKind.MultipleChoice, ["Teams", "Miro", "Trello", "Stackfield"]),
            Q(4, QuestionKind.Scale, []),
            Q(5, QuestionKind.Number, [], min: 0, max: 40),
            Q(6, QuestionKind.FreeText, []),
        };
        db.SurveyQuestions().AddRange(questions);
        var wave = new SurveyWave { SurveyId = survey.Id, Number = 1, Status = WaveStatus.Closed, OpensOn = new DateOnly(2026, 11, 2), ClosesOn = new DateOnly(2026, 11, 20) };
        db.SurveyWaves().Add(wave);
        await db.SaveChangesAsync();
        waveId = wave.Id;
        questionIds = [.. questions.Select(q => q.Id)];
        satisfactionId = questions[3].Id;
        await FillAsync(db, questions);
        if (ExtraIndex is { Length: > 0 } index) await db.Database.ExecuteSqlRawAsync(index);
        // Fresh statistics, as a database that has lived with the data would have them.
        await db.Database.ExecuteSqlRawAsync("ANALYZE");

        // The benchmark measures results, not refusals: check once that the figures are there.
        var figures = await Results(db).QuestionAsync(satisfactionId, [waveId], 1, default)
            ?? throw new InvalidOperationException("The breakdown was refused.");
        if (figures.Single().Figures.Overall.People != Answers) throw new InvalidOperationException($"Counted {figures.Single().Figures.Overall.People}, wrote {Answers}.");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await using var db = Context();
        await db.Database.EnsureDeletedAsync();
        if (sqliteFile is not null) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Benchmark]
    public async Task<int> OneQuestion()
    {
        await using var db = Context();
        var figures = await Results(db).QuestionAsync(satisfactionId, [waveId], 0, default);
        return figures!.Count;
    }

    [Benchmark]
    public async Task<int> OneQuestionByBreakdown()
    {
        await using var db = Context();
        var figures = await Results(db).QuestionAsync(satisfactionId, [waveId], 1, default);
        return figures!.Count;
    }

    [Benchmark]
    public async Task<int> AllQuestionsByBreakdown()
    {
        await using var db = Context();
        var results = Results(db);
        var n = 0;
        foreach (var id in questionIds) n += (await results.QuestionAsync(id, [waveId], 1, default))!.Count;
        return n;
    }

    [Benchmark]
    public async Task<int?> RunningCount()
    {
        await using var db = Context();
        return await Results(db).RunningCountAsync(waveId, default);
    }

    private LabDbContext Context() => Database == "Sqlite"
        ? new SqliteLabDbContext(new DbContextOptionsBuilder<SqliteLabDbContext>().UseSqlite(connectionString).Options)
        : new PostgresLabDbContext(new DbContextOptionsBuilder<PostgresLabDbContext>().UseNpgsql(connectionString).Options);

    private static SurveyResults Results(LabDbContext db) => new(db, new SmallGroups(Options.Create(new PrivacyOptions())));

    /// <summary>Answers that look like an administration's: uneven departments, a lean towards the middle.</summary>
    private async Task FillAsync(LabDbContext db, SurveyQuestion[] q)
    {
        var random = new Random(13);
        var sqlite = Database == "Sqlite";
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        string Id(Guid g) => sqlite ? $"'{g.ToString().ToUpperInvariant()}'" : $"'{g}'";
        string N(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "NULL";
        var filled = sqlite ? "1" : "TRUE";
        const int batch = 500;
        for (var start = 0; start < Answers; start += batch)
        {
            var responses = new StringBuilder("INSERT INTO survey_responses (\"Id\", \"WaveId\", \"Filled\", \"Group1\") VALUES ");
            var values = new StringBuilder("INSERT INTO survey_values (\"ResponseId\", \"QuestionId\", \"WaveId\", \"Choice\", \"Number\", \"Text\", \"Group1\") VALUES ");
            for (var i = start; i < Math.Min(Answers, start + batch); i++)
            {
                var id = Guid.NewGuid();
                var group = new[] { 0, 0, 0, 1, 1, 2, 2, 2, 3, 4 }[random.Next(10)];
                var sep = i == start ? "" : ",";
                responses.Append(CultureInfo.InvariantCulture, $"{sep}({Id(id)},{waveId},{filled},{group})");
                var answers = new (long Question, int? Choice, int? Number, string? Text)[]
                {
                    (q[0].Id, group, null, null),
                    (q[1].Id, random.Next(4), null, null),
                    (q[2].Id, 1 + random.Next(15), null, null),
                    (q[3].Id, 1 + Math.Min(4, random.Next(3) + random.Next(3)), null, null),
                    (q[4].Id, null, random.Next(41), null),
                    (q[5].Id, null, null, i % 10 == 0 ? "'Mehr Videokonferenzräume'" : null),
                };
                foreach (var (question, choice, number, text) in answers)
                {
                    values.Append(CultureInfo.InvariantCulture, $"{sep}({Id(id)},{question},{waveId},{N(choice)},{N(number)},{text ?? "NULL"},{group})");
                    sep = ",";
                }
            }
            await Execute(responses.ToString());
            await Execute(values.ToString());
        }
        await transaction.CommitAsync();

        async Task Execute(string sql)
        {
            await using DbCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
