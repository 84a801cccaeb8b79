using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Authoring;

/// <summary>
/// Changes that must not happen, on SQLite and PostgreSQL: a stale card (someone changed the survey meanwhile), a
/// question change after the start (every wave asks the same), the free-text setting after the start (the invitations
/// said what it is), edited ids (another survey's question, no survey),
/// and staff who are not the innovation department.
/// </summary>
public abstract class LockingTests<TBot>(TBot fixture) : AuthoringTestsBase<TBot>(fixture) where TBot : SurveysBot
{
    [Fact]
    public async Task SaveInfo_CurrentVersion_SavedAndVersionRaised()
    {
        var (surveyId, editor) = await CreateAsync("empty");
        var data = ButtonData(editor, "surveysAdmin.saveInfo");
        data["title"] = "Homeoffice 2027";
        data["purpose"] = "Wie geht es dir im Homeoffice?";
        data["freeTextToPartner"] = "true";

        var card = await InesAsync("surveysAdmin.saveInfo", data);

        Assert.Contains(Word.De("surveysAuthoring.done.saved"), Words(card), StringComparison.Ordinal);
        var survey = await SurveyAsync(surveyId);
        Assert.Equal(("Homeoffice 2027", "Wie geht es dir im Homeoffice?", true), (survey.Title, survey.Purpose, survey.FreeTextToPartner));
        Assert.Equal(VersionOf(editor) + 1, survey.Version);
        Assert.Equal(survey.Version, VersionOf(card));
    }

    [Fact]
    public async Task SaveInfo_TitleTooShort_MessageUnderFieldTypedKept()
    {
        var (surveyId, editor) = await CreateAsync("empty");
        var data = ButtonData(editor, "surveysAdmin.saveInfo");
        data["title"] = "H";
        data["purpose"] = "Wozu das alles?";

        var card = await InesAsync("surveysAdmin.saveInfo", data);

        Assert.Contains(Word.De("surveysAuthoring.editor.titleError"), FormCards.MessageUnder(card, "title"), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAuthoring.editor.titleError"), Words(card), StringComparison.Ordinal);
        Assert.Equal("Wozu das alles?", FormCards.Input(card, "purpose")["value"]!.GetValue<string>());
        Assert.Equal(Word.De("surveysAuthoring.new.defaultTitle"), (await SurveyAsync(surveyId)).Title);
    }

    [Fact]
    public async Task StaleCard_EveryChange_FreshEditorNothingChanged()
    {
        var (surveyId, stale) = await WithQuestionsAsync(Choice(), Scale());
        var q = await QuestionsAsync(surveyId);
        var old = VersionOf(stale);
        // A colleague saves the details from her own card first.
        var info = ButtonData(stale, "surveysAdmin.saveInfo");
        info["title"] = "Von einer Kollegin geändert";
        await InesAsync("surveysAdmin.saveInfo", info);
        var before = await SurveyAsync(surveyId);

        var cards = new[]
        {
            await InesAsync("surveysAdmin.saveInfo", info),
            await SaveAsync(surveyId, old, FreeText()),
            await SaveAsync(surveyId, old, Question("singleChoice", "Ganz neuer Text der Frage", options: "A\nB"), q[0].Id),
            await InesAsync("surveysAdmin.removeQuestion", Ids(surveyId, q[0].Id, old)),
            await InesAsync("surveysAdmin.moveQuestion", new() { ["surveyId"] = surveyId, ["questionId"] = q[1].Id, ["direction"] = "up", ["version"] = old }),
        };

        Assert.All(cards, c => Assert.Contains(Word.De("surveysAuthoring.refused.stale"), Words(c), StringComparison.Ordinal));
        Assert.All(cards, c => Assert.Equal(before.Version, VersionOf(c)));
        var after = await QuestionsAsync(surveyId);
        Assert.Equal(q.Select(x => (x.Id, x.Position, x.Text)), after.Select(x => (x.Id, x.Position, x.Text)));
        Assert.Equal(before.Version, (await SurveyAsync(surveyId)).Version);
    }

    [Fact]
    public async Task Started_Questions_ReadOnlyWithReasonDetailsStillChange()
    {
        var seeded = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Gestartet"));
        await SurveySeed.WaveAsync(Bot, seeded.Id, [], WaveStatus.Running);
        var editor = await InesAsync("surveysAdmin.edit", new() { ["surveyId"] = seeded.Id });
        var version = VersionOf(editor);

        Assert.Contains(Word.De("surveysAuthoring.editor.frozen"), Words(editor), StringComparison.Ordinal);
        Assert.DoesNotContain("surveysAdmin.questionForm", Verbs(editor));
        Assert.DoesNotContain("surveysAdmin.moveQuestion", Verbs(editor));
        Assert.DoesNotContain("surveysAdmin.removeQuestion", Verbs(editor));
        Assert.DoesNotContain("surveysLifecycle.plan", Verbs(editor));
        Assert.Contains(Word.De("surveysAuthoring.editor.question", "1", seeded.Department.Text), Words(editor), StringComparison.Ordinal);

        var refused = new[]
        {
            await InesAsync("surveysAdmin.questionForm", new() { ["surveyId"] = seeded.Id, ["questionId"] = seeded.Days.Id }),
            await SaveAsync(seeded.Id, version, FreeText()),
            await SaveAsync(seeded.Id, version, Question("scale", "Anderer Text zur Zufriedenheit", scaleLow: "a", scaleHigh: "b"), seeded.Satisfaction.Id),
            await InesAsync("surveysAdmin.removeQuestion", Ids(seeded.Id, seeded.Change.Id, version)),
            await InesAsync("surveysAdmin.moveQuestion", new() { ["surveyId"] = seeded.Id, ["questionId"] = seeded.Days.Id, ["direction"] = "up", ["version"] = version }),
        };
        Assert.All(refused, c => Assert.Contains(Word.De("surveysAuthoring.refused.frozen"), Words(c), StringComparison.Ordinal));
        Assert.Equal(seeded.All.Select(x => (x.Id, x.Position, x.Text)), (await QuestionsAsync(seeded.Id)).Select(x => (x.Id, x.Position, x.Text)));
        Assert.Equal(version, (await SurveyAsync(seeded.Id)).Version);

        var info = ButtonData(editor, "surveysAdmin.saveInfo");
        info["title"] = "Neuer Titel nach dem Start";
        info["purpose"] = "";
        var saved = await InesAsync("surveysAdmin.saveInfo", info);
        Assert.Contains(Word.De("surveysAuthoring.done.saved"), Words(saved), StringComparison.Ordinal);
        Assert.Equal("Neuer Titel nach dem Start", (await SurveyAsync(seeded.Id)).Title);
    }

    [Fact]
    public async Task Started_FreeTextToPartner_ReadOnlyWithReasonForgedChangeRefusedWhole()
    {
        var seeded = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Freitext fest"), x => x.FreeTextToPartner = true);
        await SurveySeed.WaveAsync(Bot, seeded.Id, [], WaveStatus.Running);
        var editor = await InesAsync("surveysAdmin.edit", new() { ["surveyId"] = seeded.Id });
        var before = await SurveyAsync(seeded.Id);

        Assert.DoesNotContain(AllObjects(editor), o => o["id"]?.ToString() == "freeTextToPartner");
        Assert.Contains(Word.De("surveysAuthoring.editor.freeTextOn"), Words(editor), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAuthoring.editor.freeTextLocked"), Words(editor), StringComparison.Ordinal);

        // An edited payload turning it off, with a new title: nothing of it is saved.
        var forged = ButtonData(editor, "surveysAdmin.saveInfo");
        forged["title"] = "Neuer Titel mit Trick";
        forged["purpose"] = "";
        forged["freeTextToPartner"] = "false";
        var refused = await InesAsync("surveysAdmin.saveInfo", forged);

        Assert.Contains(Word.De("surveysAuthoring.refused.freeTextFrozen"), Words(refused), StringComparison.Ordinal);
        var after = await SurveyAsync(seeded.Id);
        Assert.Equal((before.Title, before.Purpose, true, before.Version), (after.Title, after.Purpose, after.FreeTextToPartner, after.Version));

        // What Teams sends from the read-only card (no value) or the same value: the details are saved, the setting stays.
        var plain = ButtonData(editor, "surveysAdmin.saveInfo");
        plain["title"] = "Neuer Titel ohne Trick";
        plain["purpose"] = "";
        var saved = await InesAsync("surveysAdmin.saveInfo", plain);
        var same = ButtonData(saved, "surveysAdmin.saveInfo");
        same["title"] = "Noch ein Titel";
        same["purpose"] = "";
        same["freeTextToPartner"] = "true";
        var savedAgain = await InesAsync("surveysAdmin.saveInfo", same);

        Assert.Contains(Word.De("surveysAuthoring.done.saved"), Words(saved), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAuthoring.done.saved"), Words(savedAgain), StringComparison.Ordinal);
        var last = await SurveyAsync(seeded.Id);
        Assert.Equal(("Noch ein Titel", true), (last.Title, last.FreeTextToPartner));
    }

    [Fact]
    public async Task Closed_Editor_OffersResults()
    {
        var seeded = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Abgeschlossen"));
        await SurveySeed.WaveAsync(Bot, seeded.Id, [], WaveStatus.Closed);

        var editor = await InesAsync("surveysAdmin.edit", new() { ["surveyId"] = seeded.Id });

        Assert.Equal(seeded.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ButtonData(editor, "surveysResults.show")["surveyId"]!.ToString());
        Assert.Contains("surveysLifecycle.plan", Verbs(editor));
    }

    [Fact]
    public async Task TamperedIds_AnotherSurveysQuestionOrNoSurvey_NothingChanged()
    {
        var mine = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Meine"));
        var other = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Fremde"));
        var version = (await SurveyAsync(mine.Id)).Version;
        var foreign = other.Days.Id;

        var cards = new[]
        {
            await InesAsync("surveysAdmin.questionForm", new() { ["surveyId"] = mine.Id, ["questionId"] = foreign }),
            await SaveAsync(mine.Id, version, Number(), foreign),
            await InesAsync("surveysAdmin.removeQuestion", Ids(mine.Id, foreign, version)),
            await InesAsync("surveysAdmin.moveQuestion", new() { ["surveyId"] = mine.Id, ["questionId"] = foreign, ["direction"] = "down", ["version"] = version }),
        };
        var gone = await InesAsync("surveysAdmin.edit", new() { ["surveyId"] = long.MaxValue });
        var goneSave = await SaveAsync(long.MaxValue, 0, Number());
        var badKind = await InesAsync("surveysAdmin.questionForm", new() { ["surveyId"] = mine.Id, ["kind"] = "ranking" });

        Assert.All(cards, c => Assert.Contains(Word.De("surveysAuthoring.refused.unknownQuestion"), Words(c), StringComparison.Ordinal));
        Assert.Contains(Word.De("surveysAuthoring.refused.unknownSurvey"), Words(gone), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAuthoring.refused.unknownSurvey"), Words(goneSave), StringComparison.Ordinal);
        Assert.Contains(Word.De("surveysAuthoring.refused.badRequest"), Words(badKind), StringComparison.Ordinal);
        Assert.Equal(mine.All.Select(x => (x.Id, x.Position, x.Text)), (await QuestionsAsync(mine.Id)).Select(x => (x.Id, x.Position, x.Text)));
        Assert.Equal(other.All.Select(x => (x.Id, x.Position, x.Text, x.Kind)), (await QuestionsAsync(other.Id)).Select(x => (x.Id, x.Position, x.Text, x.Kind)));
        Assert.Equal(version, (await SurveyAsync(mine.Id)).Version);
    }

    [Fact]
    public async Task Staff_ClickingAuthoring_DeniedNothingChanged()
    {
        var seeded = await SurveySeed.SurveyAsync(Bot, SurveySeed.Unique("Nicht für Erika"));
        var version = (await SurveyAsync(seeded.Id)).Version;
        var erika = (string verb, System.Text.Json.Nodes.JsonObject data) => TrainingSeed.ClickAsync(Bot, Erika, verb, data);

        var list = await erika("surveysAdmin.list", new());
        var remove = await erika("surveysAdmin.removeQuestion", Ids(seeded.Id, seeded.Days.Id, version));

        Assert.Contains(Word.De("denied.title"), Words(list), StringComparison.Ordinal);
        Assert.Contains(Word.De("denied.title"), Words(remove), StringComparison.Ordinal);
        Assert.Equal(6, (await QuestionsAsync(seeded.Id)).Count);
        Assert.Equal(version, (await SurveyAsync(seeded.Id)).Version);
    }
}

[Collection(SurveysCollections.Sqlite)]
public sealed class LockingTests_Sqlite(SqliteSurveysBot bot) : LockingTests<SqliteSurveysBot>(bot);

[Collection(SurveysCollections.Postgres)]
public sealed class LockingTests_Postgres(PostgresSurveysBot bot) : LockingTests<PostgresSurveysBot>(bot);
