using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Surveys;

/// <summary>
/// The survey core on both databases: one answer per person however often "Absenden" arrives, answers stored only in
/// the wave's shuffled slots and only while it runs, results only after the close and only through the small-group
/// rules, by declared breakdowns only.
/// </summary>
public abstract class FoundationTests<TBot>(TBot fixture) where TBot : SurveysBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static Dictionary<long, string> Raw(SeededSurvey s, string department = "0", string text = "") => new()
    {
        [s.Department.Id] = department,
        [s.Days.Id] = "2",
        [s.Tools.Id] = "0,1",
        [s.Satisfaction.Id] = "4",
        [s.Hours.Id] = "12",
        [s.Change.Id] = text,
    };

    private Task<SubmitResult> SubmitAsync(Persona p, long waveId, IReadOnlyDictionary<long, string> raw) =>
        SurveySeed.SubmitAsync(Bot, p, waveId, raw);

    [Fact]
    public async Task Submit_ThreeTimesAtOnce_OneAnswerPendingGoneDraftGone()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Dreimal"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [Erika, Lotse, Lotsin]);
        await Bot.WithDbAsync(async db =>
        {
            db.SurveyDrafts().Add(new SurveyDraft { WaveId = wave, UserAadObjectId = Erika.AadObjectId, Answers = "{}", UpdatedAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SubmitAsync(Erika, wave, Raw(s))));

        Assert.Single(results, r => r.Outcome == SubmitOutcome.Stored);
        Assert.Equal(2, results.Count(r => r.Outcome == SubmitOutcome.AlreadyAnswered));
        Assert.Equal(1, await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave && r.Filled)));
        Assert.Equal(3, await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave)));
        Assert.False(await Bot.WithDbAsync(db => db.SurveyPending().AnyAsync(p => p.WaveId == wave && p.UserAadObjectId == Erika.AadObjectId)));
        Assert.False(await Bot.WithDbAsync(db => db.SurveyDrafts().AnyAsync(d => d.WaveId == wave)));
        var filled = await Bot.WithDbAsync(db => db.SurveyResponses().SingleAsync(r => r.WaveId == wave && r.Filled));
        Assert.Equal(0, filled.Group1);
        var values = await Bot.WithDbAsync(db => db.SurveyValues().Where(v => v.ResponseId == filled.Id).ToListAsync());
        Assert.Equal(4, values.Single(v => v.QuestionId == s.Satisfaction.Id).Choice);
        Assert.Equal(3, values.Single(v => v.QuestionId == s.Tools.Id).Choice);
        Assert.Equal(12, values.Single(v => v.QuestionId == s.Hours.Id).Number);
        Assert.Null(values.Single(v => v.QuestionId == s.Change.Id).Text);
        Assert.All(values, v => Assert.Equal(0, v.Group1));
    }

    [Fact]
    public async Task Submit_Invalid_NotInvited_Closed_NothingStored()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Falsch"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [Erika]);
        var bad = Raw(s, department: "9", text: new string('x', SurveyLimits.FreeText + 1));
        bad[s.Hours.Id] = "41";
        bad.Remove(s.Satisfaction.Id);

        var invalid = await SubmitAsync(Erika, wave, bad);
        var stranger = await SubmitAsync(Lotse, wave, Raw(s));
        await SurveySeed.CloseAsync(Bot, wave);
        var late = await SubmitAsync(Erika, wave, Raw(s));

        Assert.Equal(SubmitOutcome.Invalid, invalid.Outcome);
        Assert.Equal("surveys.answer.error.choice", invalid.Errors[s.Department.Id]);
        Assert.Equal("surveys.answer.error.range", invalid.Errors[s.Hours.Id]);
        Assert.Equal("surveys.answer.error.required", invalid.Errors[s.Satisfaction.Id]);
        Assert.Equal("surveys.answer.error.tooLong", invalid.Errors[s.Change.Id]);
        Assert.Equal(SubmitOutcome.NotInvited, stranger.Outcome);
        Assert.Equal(SubmitOutcome.NotRunning, late.Outcome);
        Assert.Equal(0, await Bot.WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave && r.Filled)));
    }

    [Fact]
    public async Task Results_SmallDepartmentWithheld_RestProtected_UndeclaredBreakdownRefused()
    {
        var s = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Ergebnis"));
        var wave = await SurveySeed.WaveAsync(Bot, s.Id, [], WaveStatus.Closed);
        // 8 in group 0, 6 in group 1, 3 in group 2, 0 in group 3: group 2 too small, so group 1 (smallest shown) goes as well.
        int[] departments = [.. Enumerable.Repeat(0, 8), .. Enumerable.Repeat(1, 6), .. Enumerable.Repeat(2, 3)];
        await SurveySeed.AnswersAsync(Bot, wave, departments.Length, i => SurveySeed.Answer(s, departments[i], days: 2, tools: 1, satisfaction: i % 5 + 1, hours: 10));

        var byDepartment = (await Bot.WithDbAsync(db => new SurveyResults(db, SmallGroupsFor()).QuestionAsync(s.Satisfaction.Id, [wave], 1, CancellationToken.None)))!;
        var undeclared = await Bot.WithDbAsync(db => new SurveyResults(db, SmallGroupsFor()).QuestionAsync(s.Satisfaction.Id, [wave], 2, CancellationToken.None));

        Assert.Null(undeclared);
        var f = Assert.Single(byDepartment).Figures;
        Assert.Equal(17, f.Overall.People);
        Assert.Equal(8, f.Groups[0].People);
        Assert.Equal(Withheld.Complementary, f.Groups[1].Why);
        Assert.Equal(Withheld.TooFew, f.Groups[2].Why);
        Assert.Null(f.Groups[1].Mean);
        // Inside the shown group some satisfaction cells are under 5: the cells are withheld, the group's size and mean stand.
        Assert.All(f.Groups[0].Options, o => Assert.False(o.Shown));
        Assert.NotNull(f.Groups[0].Mean);
    }

    private static SmallGroups SmallGroupsFor() =>
        new(Microsoft.Extensions.Options.Options.Create(new StadtLabor.Bot.Features.Privacy.PrivacyOptions()));
}

[Collection(SurveysCollections.Sqlite)]
public sealed class FoundationTests_Sqlite(SqliteSurveysBot bot) : FoundationTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class FoundationTests_Postgres(PostgresSurveysBot bot) : FoundationTests<PostgresSurveysBot>(bot);
