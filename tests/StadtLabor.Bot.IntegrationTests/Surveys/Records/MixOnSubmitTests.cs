using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Roles;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Records;

/// <summary>
/// "Absenden" on PostgreSQL rewrites the new answer together with up to Surveys:MixOnSubmit filled ones
/// (<see cref="ShuffleAnswers.MixAsync"/>); SQLite fills the slot in place. On the Homeoffice template (11 questions)
/// with 100 answers stored: what a submit costs with the mix off and on (test output), which slots got new ids, and that
/// three people answering while the nightly rewrite runs are each stored exactly once. Colleagues 1870-1899.
/// </summary>
public abstract class MixOnSubmitTests<TBot>(TBot fixture, ITestOutputHelper output) where TBot : SurveysBot
{
    private const int Stored = 100;
    private const int Rounds = 8;

    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task Submit_HundredStoredOnHomeoffice_MixRewritesHundredNothingLostCostMeasured()
    {
        var people = Enumerable.Range(1870, 2 * Rounds + 3).Select(TrainingSeed.Colleague).ToList();
        var (surveyId, questions) = await HomeofficeAsync();
        var wave = await SurveySeed.WaveAsync(Bot, surveyId, people);
        await SurveySeed.AnswersAsync(Bot, wave, Stored, i => questions.ToDictionary(q => q.Id, q => Value(q, i)));
        var postgres = Bot.Database.Provider == DatabaseProvider.Postgres;
        var configured = Bot.App.Services.GetRequiredService<IOptions<SurveysOptions>>().Value.MixOnSubmit;
        Assert.Equal(100, configured);

        // Mix off (the submit as it was before), then as configured; each submit's filled ids before and after.
        var off = new List<double>();
        var on = new List<double>();
        foreach (var (p, i) in people.Take(2 * Rounds).Select((p, i) => (p, i)))
        {
            var mix = i < Rounds ? 0 : configured;
            var before = await FilledIdsAsync(wave);
            var watch = Stopwatch.StartNew();
            var result = await Bot.WithDbAsync(db => new SurveySubmission(db, Options.Create(new SurveysOptions { MixOnSubmit = mix }))
                .SubmitAsync(new LabUser(BotFixture.TenantId, p.AadObjectId), wave, Raw(questions, Token(p)), CancellationToken.None));
            (mix == 0 ? off : on).Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(SubmitOutcome.Stored, result.Outcome);
            var after = await FilledIdsAsync(wave);
            Assert.Equal(before.Count + 1, after.Count);
            // New ids: the claimed slot only (it was empty), or on PostgreSQL with the mix the new answer and 99 others.
            Assert.Equal(postgres && mix > 0 ? Math.Min(mix, after.Count) : 1, after.Except(before).Count());
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Bot.Database.Provider}, Homeoffice ({questions.Count} questions), {Stored}+ answers stored: submit without mix median {Median(off):0.0} ms "
            + $"(max {off.Max():0.0}), with MixOnSubmit={configured} median {Median(on):0.0} ms (max {on.Max():0.0}), {Rounds} each"));

        // Three people click "Absenden" while the nightly rewrite runs: each answer stored once, complete.
        var three = people.Skip(2 * Rounds).ToList();
        var nightly = Bot.WithDbAsync(db => ShuffleAnswers.RunAsync(db, wave, CancellationToken.None));
        var results = await Task.WhenAll(three.Select(p => SurveySeed.SubmitAsync(Bot, p, wave, Raw(questions, Token(p)))));
        await nightly;
        Assert.All(results, r => Assert.Equal(SubmitOutcome.Stored, r.Outcome));
        var change = questions[^1];
        var texts = await Bot.WithDbAsync(db => db.SurveyValues().AsNoTracking().Where(v => v.WaveId == wave && v.QuestionId == change.Id && v.Text != null)
            .Select(v => v.Text!).ToListAsync());
        Assert.Equal(Stored + people.Count, texts.Count);
        Assert.All(people, p => Assert.Single(texts, t => t == Token(p)));
        var filled = await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave && r.Filled));
        var values = await Bot.WithDbAsync(db => db.SurveyValues().CountAsync(v => v.WaveId == wave && db.SurveyResponses().Any(r => r.Id == v.ResponseId && r.Filled)));
        Assert.Equal(Stored + people.Count, filled);
        Assert.Equal(filled * questions.Count, values);
        Assert.Equal(people.Count, await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave)) - Stored);
    }

    /// <summary>A survey made from the Homeoffice template, as "Neue Umfrage" makes it.</summary>
    private Task<(long Id, List<SurveyQuestion> Questions)> HomeofficeAsync() =>
        Bot.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var survey = new Survey
            {
                Title = SurveySeed.Unique("Mischen"), Purpose = "Homeoffice", Template = SurveyTemplates.Homeoffice, TenantId = BotFixture.TenantId,
                CreatedByAadObjectId = Innovation.AadObjectId, CreatedByName = Innovation.Name, CreatedAtUtc = now, UpdatedAtUtc = now,
            };
            db.Surveys().Add(survey);
            await db.SaveChangesAsync();
            var questions = SurveyTemplates.Questions(SurveyTemplates.Homeoffice, survey.Id, Bot.App.Services.GetRequiredService<Strings>(), "de",
                Bot.App.Services.GetRequiredService<IOptions<SurveysOptions>>().Value).ToList();
            db.SurveyQuestions().AddRange(questions);
            await db.SaveChangesAsync();
            return (survey.Id, questions);
        });

    private static AnswerValue Value(SurveyQuestion q, int i) => q.Kind switch
    {
        QuestionKind.FreeText => new(Text: "gespeichert " + i.ToString(CultureInfo.InvariantCulture)),
        QuestionKind.Number => new(Number: i % 6),
        QuestionKind.Scale => new(Choice: 1 + i % 5),
        _ => new(Choice: i % 2),
    };

    private static Dictionary<long, string> Raw(IEnumerable<SurveyQuestion> questions, string token) => questions.ToDictionary(q => q.Id, q => q.Kind switch
    {
        QuestionKind.FreeText => token,
        QuestionKind.Number => "2",
        QuestionKind.Scale => "4",
        QuestionKind.MultipleChoice => "0,1",
        _ => "1",
    });

    private static string Token(Persona p) => "Mischen " + p.AadObjectId;

    private Task<HashSet<Guid>> FilledIdsAsync(long wave) =>
        Bot.WithDbAsync(async db => (await db.SurveyResponses().Where(r => r.WaveId == wave && r.Filled).Select(r => r.Id).ToListAsync()).ToHashSet());

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}

[Collection(SurveysCollections.Sqlite)]
public sealed class MixOnSubmitTests_Sqlite(SqliteSurveysBot bot, ITestOutputHelper output) : MixOnSubmitTests<SqliteSurveysBot>(bot, output);

[Collection(SurveysCollections.Postgres)]
public sealed class MixOnSubmitTests_Postgres(PostgresSurveysBot bot, ITestOutputHelper output) : MixOnSubmitTests<PostgresSurveysBot>(bot, output);
