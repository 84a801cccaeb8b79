using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Lifecycle.Jobs;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using StadtLabor.Jobs;
using CardReader = StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Playground;

/// <summary>The Playground's user in the innovation department and the research partner (as ./run.sh sets it up).</summary>
public sealed class SurveysPlaygroundSession : PlaygroundSession
{
    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings(PlaygroundConfig config) =>
    [
        new("Roles:Innovation:0", LabTeamPlaygroundSession.UserUpn),
        new("Roles:ResearchPartner:0", LabTeamPlaygroundSession.UserUpn),
    ];
}

/// <summary>
/// A survey from the template to its results through the real Microsoft 365 Agents Playground, as issue 13's Tests
/// ask: "umfrage neu" → the Homeoffice template → "Starten" for everyone with the app → the invitation arrives →
/// answered page by page with back and forward → "Absenden" → the reminder job reminds a colleague who has not
/// answered but not me → after the close the results card has a chart (a PNG the bot serves). Every click must answer
/// with a card, never the error card; words are checked by key in either language (the Playground claims en-US).
/// </summary>
public sealed class SurveysPlaygroundTests(SurveysPlaygroundSession session) : IClassFixture<SurveysPlaygroundSession>
{
    private const string Colleague = "c0ffee00-0000-4000-8000-000000001999";

    [Fact]
    public async Task Survey_TemplateInviteAnswerRemindResults_AllInTheChat()
    {
        if (session.Unavailable is not null) Assert.Skip(session.Unavailable);
        await session.EnsureInstalledAsync();
        await ColleagueWithTheAppAsync();

        // "umfrage neu": the choice of templates; the Homeoffice one creates the survey and shows its editor.
        var newMessage = await SayAsync("umfrage neu", card => CardReader.Verbs(card).Contains("surveysAdmin.new"));
        var choice = CardOf(newMessage, "the answer to \"umfrage neu\"");
        var homeoffice = Assert.Single(Actions(choice, "surveysAdmin.new"), a => a["data"]?["template"]?.ToString() == SurveyTemplates.Homeoffice);
        var editor = await ClickAsync(newMessage.MessageId, "surveysAdmin.new", Data(homeoffice));
        var surveyId = long.Parse(DataOf(editor, "surveysLifecycle.plan")["surveyId"]!.ToString(), CultureInfo.InvariantCulture);
        Assert.Equal(11, await WithDbAsync(db => db.SurveyQuestions().CountAsync(q => q.SurveyId == surveyId)));

        // "Starten…": for everyone with the app, from today for two weeks, reminders after 3 and 7 days.
        var plan = await ClickAsync(newMessage.MessageId, "surveysLifecycle.plan", DataOf(editor, "surveysLifecycle.plan"));
        var start = DataOf(plan, "surveysLifecycle.start");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")));
        start["audience"] = "everyone";
        start["opensOn"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        start["closesOn"] = today.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        start["reminderDays"] = "3,7";
        var mark = session.Playground.Mark();
        await ClickAsync(newMessage.MessageId, "surveysLifecycle.start", start);
        var wave = await WithDbAsync(db => db.SurveyWaves().AsNoTracking().SingleAsync(w => w.SurveyId == surveyId));
        Assert.Equal(WaveStatus.Running, wave.Status);

        // The invitation arrives in the chat; "Jetzt beantworten" opens page 1 of 4.
        var invitation = await WaitForAsync(mark, m => m.Action == "createMessage" && m.ConversationId == session.Chat && m.Card is { } c
            && Actions(c, "surveys.answer").Count > 0, "the invitation in the chat");
        var page = await ClickAsync(invitation.MessageId, "surveys.answer", DataOf(CardOf(invitation, "the invitation"), "surveys.answer"));
        var pages = 0;
        var firstValues = new Dictionary<string, string>();
        while (Actions(page, "surveys.submit").Count == 0)
        {
            var inputs = Fill(page);
            if (pages == 0) firstValues = inputs;
            var next = Assert.Single(Actions(page, "surveys.page"), a => a["data"]?["direction"]?.ToString() == "next");
            page = await ClickAsync(invitation.MessageId, "surveys.page", With(Data(next), inputs));
            pages++;
            if (pages == 1)
            {
                // Back to page 1: what was chosen there is still chosen; then forward again.
                var back = Assert.Single(Actions(page, "surveys.page"), a => a["data"]?["direction"]?.ToString() == "back");
                var again = await ClickAsync(invitation.MessageId, "surveys.page", With(Data(back), Fill(page)));
                foreach (var (id, value) in firstValues) Assert.Equal(value, InputValue(again, id));
                page = await ClickAsync(invitation.MessageId, "surveys.page",
                    With(Data(Assert.Single(Actions(again, "surveys.page"), a => a["data"]?["direction"]?.ToString() == "next")), firstValues));
            }
            Assert.True(pages < 10, "The answer pages never reached \"Absenden\".");
        }
        Assert.Equal(3, pages);
        var done = await ClickAsync(invitation.MessageId, "surveys.submit", With(DataOf(page, "surveys.submit"), Fill(page)));
        Assert.Empty(Actions(done, "surveys.submit"));
        Assert.Equal(1, await WithDbAsync(db => db.SurveyResponses().CountAsync(r => r.WaveId == wave.Id && r.Filled)));
        Assert.False(await WithDbAsync(db => db.SurveyDrafts().AnyAsync(d => d.WaveId == wave.Id)));

        // The reminder days: the colleague who has not answered is reminded, I am not.
        for (var day = 3; day <= 9; day++) await RunReminderAsync(wave.OpensOn.AddDays(day));
        var reminders = await WithDbAsync(db => db.OutboxMessages().AsNoTracking()
            .Where(m => m.DedupeKey.StartsWith($"surveys.remind:{wave.Id}:")).Select(m => m.DedupeKey).ToListAsync());
        Assert.NotEmpty(reminders);
        Assert.All(reminders, k => Assert.EndsWith(":" + Colleague, k, StringComparison.Ordinal));

        // Nine more answers (colleagues elsewhere), then "Vorzeitig beenden": the results card shows a chart.
        await MoreAnswersAsync(wave.Id, surveyId, 9);
        var version = await WithDbAsync(db => db.Surveys().Where(s => s.Id == surveyId).Select(s => s.Version).SingleAsync());
        await ClickAsync(newMessage.MessageId, "surveysLifecycle.close",
            new JsonObject { ["surveyId"] = surveyId, ["version"] = version, ["confirmed"] = true });
        Assert.Equal(WaveStatus.Closed, await WithDbAsync(db => db.SurveyWaves().Where(w => w.Id == wave.Id).Select(w => w.Status).SingleAsync()));
        var question = await WithDbAsync(db => db.SurveyQuestions().Where(q => q.SurveyId == surveyId && q.Kind == QuestionKind.Scale)
            .OrderBy(q => q.Position).Select(q => q.Id).FirstAsync());
        var results = await ClickAsync(newMessage.MessageId, "surveysResults.show", new JsonObject { ["surveyId"] = surveyId, ["questionId"] = question });
        var image = Objects(results).SingleOrDefault(e => e["type"]?.ToString() == "Image");
        Assert.True(image is not null, $"The results card has no chart: {CardReader.Words(results)}");
        var url = new Uri(image!["url"]!.ToString());
        using var http = new HttpClient { BaseAddress = new Uri(BotAddress()) };
        using var png = await http.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], bytes[..4]);
    }

    /// <summary>A colleague who has the app too (a known 1:1 chat), so "everyone" has someone who does not answer.</summary>
    private Task<int> ColleagueWithTheAppAsync() => WithDbAsync(async db =>
    {
        db.Installations().Add(new Installation
        {
            ConversationId = "a:playground-colleague", ServiceUrl = session.Playground.BaseUrl.ToString(), TenantId = session.Config.TenantId,
            ConversationType = "personal", UserId = "29:colleague-1999", UserAadObjectId = Colleague, Active = true,
            InstalledAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
        });
        return await db.SaveChangesAsync();
    });

    private async Task RunReminderAsync(DateOnly day)
    {
        await using var scope = session.Bot.Services.CreateAsyncScope();
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(1));
        await ActivatorUtilities.CreateInstance<RemindPending>(scope.ServiceProvider)
            .RunAsync(JobPeriod.Containing(at, JobPeriodKind.Day), CancellationToken.None);
    }

    /// <summary>Answers of colleagues who answered elsewhere, stored the one way answers are stored (a random empty slot).</summary>
    private Task<int> MoreAnswersAsync(long waveId, long surveyId, int count) => WithDbAsync(async db =>
    {
        var questions = await db.SurveyQuestions().AsNoTracking().Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).ToListAsync();
        await ResponseSlots.AddAsync(db, waveId, count, CancellationToken.None);
        for (var i = 0; i < count; i++)
        {
            var raw = questions.ToDictionary(q => q.Id, q => q.Kind switch
            {
                QuestionKind.SingleChoice => "0",
                QuestionKind.MultipleChoice => (i % 3).ToString(CultureInfo.InvariantCulture),
                QuestionKind.Scale => (i % 5 + 1).ToString(CultureInfo.InvariantCulture),
                QuestionKind.Number => (q.Min ?? 0).ToString(CultureInfo.InvariantCulture),
                _ => "",
            });
            var (values, errors) = SurveyAnswers.CheckAll(questions, raw);
            Assert.Empty(errors);
            await ResponseSlots.ClaimAsync(db, waveId, questions, values, CancellationToken.None);
        }
        return count;
    });

    /// <summary>Chooses an answer for every input of an answer page: the second choice (or the first), the minimum, a text.</summary>
    private static Dictionary<string, string> Fill(JsonObject card)
    {
        var values = new Dictionary<string, string>();
        foreach (var input in Objects(card).Where(e => e["type"]?.ToString()?.StartsWith("Input.", StringComparison.Ordinal) == true && e["id"] is not null))
        {
            var id = input["id"]!.ToString();
            values[id] = input["type"]!.ToString() switch
            {
                "Input.ChoiceSet" => (input["choices"] as JsonArray)?.Count > 1 ? input["choices"]![1]!["value"]!.ToString() : input["choices"]![0]!["value"]!.ToString(),
                "Input.Number" => input["min"]?.ToString() ?? "0",
                _ => "Mehr gemeinsame Bürotage im Team.",
            };
        }
        return values;
    }

    /// <summary>Every JSON object of a card (elements, inputs, actions), depth first.</summary>
    private static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var child in o.Select(p => p.Value).SelectMany(Objects)) yield return child;
                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(Objects)) yield return child;
                break;
        }
    }

    private static string? InputValue(JsonObject card, string id) =>
        Objects(card).SingleOrDefault(e => e["id"]?.ToString() == id)?["value"]?.ToString();

    private static JsonObject With(JsonObject data, IReadOnlyDictionary<string, string> inputs)
    {
        foreach (var (id, value) in inputs) data[id] = value;
        return data;
    }

    private string BotAddress() =>
        session.Bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private async Task<T> WithDbAsync<T>(Func<LabDbContext, Task<T>> work)
    {
        await using var scope = session.Bot.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LabDbContext>());
    }

    private static string Says(string lang, string key, params object?[] args) =>
        lang == Strings.English ? Word.En(key, args) : Word.De(key, args);

    private static bool Contains(JsonNode card, Func<string, string> text) =>
        new[] { Strings.German, Strings.English }.Any(lang => CardReader.Words(card).Contains(text(lang), StringComparison.Ordinal));

    /// <summary>The user clicks an Action.Execute button in the 1:1 chat; returns the card shown in place, which must not be the error card.</summary>
    private async Task<JsonObject> ClickAsync(string messageId, string verb, JsonObject data)
    {
        var (status, body, raw) = await session.Playground.InvokeAsync(session.Config, session.Chat, messageId, verb, data);
        Assert.True(status == HttpStatusCode.OK, $"The Playground's invoke of {verb} answered {(int)status}: {raw}{session.Playground.LogTail()}");
        Assert.True(body is JsonObject && body["type"]?.ToString() == PlaygroundDriver.CardContentType, $"The answer to {verb} is not a card: {raw}{session.Playground.LogTail()}");
        var card = Assert.IsType<JsonObject>(body["value"]);
        Assert.False(Contains(card, lang => Says(lang, "error.title")), $"{verb} answered with the error card: {CardReader.Words(card)}{session.Playground.LogTail()}");
        return card;
    }

    private static List<JsonObject> Actions(JsonNode card, string verb) =>
        CardReader.Actions(card).Where(a => a["verb"]?.ToString() == verb).ToList();

    private static JsonObject Data(JsonObject action) => (action["data"] as JsonObject)?.DeepClone().AsObject() ?? [];

    private static JsonObject DataOf(JsonObject card, string verb) => Data(Assert.Single(Actions(card, verb)));

    private async Task<PlaygroundMessage> SayAsync(string text, Func<JsonObject, bool> answer)
    {
        var mark = session.Playground.Mark();
        await session.Playground.SendTextAsync(session.Config, session.Chat, text);
        return await WaitForAsync(mark, m => m.Action == "createMessage" && m.ConversationId == session.Chat && m.Card is { } c && answer(c),
            $"the bot's answer to \"{text}\"");
    }

    private async Task<PlaygroundMessage> WaitForAsync(int mark, Func<PlaygroundMessage, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + PlaygroundDriver.StepTimeout;
        while (true)
        {
            var found = session.Playground.MessagesSince(mark).FirstOrDefault(m => m.FromId == session.Config.BotId && match(m));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Waited {PlaygroundDriver.StepTimeout.TotalSeconds} s for {what}, in vain. Since this step:\n  " +
                    string.Join("\n  ", session.Playground.MessagesSince(mark).Select(m => $"{m.Action} in {m.ConversationId} ({m.MessageId}): " +
                        (m.Card is { } c ? CardReader.Words(c) : m.Text ?? ""))) + session.Playground.LogTail());
            await Task.Delay(100);
        }
    }

    private JsonObject CardOf(PlaygroundMessage message, string what)
    {
        var card = message.Card;
        Assert.True(card is not null, $"{what} has no Adaptive Card attachment: {message}{session.Playground.LogTail()}");
        return card;
    }
}
