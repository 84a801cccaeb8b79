using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// "Als Idee einreichen" on a Teams message, over HTTP as Teams sends it (composeExtension/fetchTask, then
/// composeExtension/submitAction with the dialog's Action.Submit data): the form prefilled from the message without
/// its author, errors under the fields with the values kept, similar ideas first (support one, or submit after all),
/// anonymous intake, and the same submit twice makes one idea. Every answer is a dialog, within Teams' 5 seconds.
/// </summary>
public abstract class MessageActionTests<TBot>(TBot fixture) where TBot : IdeasBot
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private const string Channel = "19:ordnungsamt-allgemein@thread.tacv2";

    /// <summary>A message in a channel, written by Jonas (someone else), as Teams puts it into messagePayload.</summary>
    private static JsonObject Payload(string html) => new()
    {
        ["id"] = "1733390000000",
        ["createdDateTime"] = "2026-12-05T08:00:00.000Z",
        ["importance"] = "normal",
        ["locale"] = "de-de",
        ["from"] = new JsonObject { ["user"] = new JsonObject { ["userIdentityType"] = "aadUser", ["id"] = Lotse.AadObjectId, ["displayName"] = Lotse.Name } },
        ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = html },
        ["attachments"] = new JsonArray(),
        ["mentions"] = new JsonArray(),
        ["linkToMessage"] = "https://teams.microsoft.com/l/message/19:ordnungsamt-allgemein@thread.tacv2/1733390000000",
    };

    /// <summary>The invoke as Teams sends it for a message action (built like <see cref="Activities.Execute"/>).</summary>
    private JsonObject Invoke(string name, JsonObject? data = null, string commandId = "submitIdea", Persona? user = null)
    {
        var activity = Execute(Bot, user ?? Erika, "unused", conversationId: Channel);
        activity["name"] = name;
        activity["conversation"]!["conversationType"] = "channel";
        activity["conversation"]!["isGroup"] = true;
        var value = new JsonObject
        {
            ["commandId"] = commandId,
            ["commandContext"] = "message",
            ["requestId"] = Guid.NewGuid().ToString("N"),
            ["context"] = new JsonObject { ["theme"] = "default" },
            ["messagePayload"] = Payload("<p>Irgendeine Nachricht.</p>"),
        };
        if (data is not null) value["data"] = data;
        activity["value"] = value;
        return activity;
    }

    /// <summary>Posts the invoke; the answer is a dialog (task) with status 200.</summary>
    private async Task<JsonObject> DialogAsync(JsonObject activity)
    {
        var answer = await Bot.InvokeAsync(activity);
        Assert.NotNull(answer["task"]);
        return answer["task"]!.AsObject();
    }

    private static JsonObject CardOf(JsonObject task)
    {
        Assert.Equal("continue", task["type"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", task["value"]!["card"]!["contentType"]!.GetValue<string>());
        return task["value"]!["card"]!["content"]!.AsObject();
    }

    private static string MessageOf(JsonObject task)
    {
        Assert.Equal("message", task["type"]!.GetValue<string>());
        return task["value"]!.GetValue<string>();
    }

    private static IEnumerable<JsonObject> Submits(JsonNode card) => card switch
    {
        JsonObject o => (o["type"]?.ToString() == "Action.Submit" ? [o] : Enumerable.Empty<JsonObject>()).Concat(o.SelectMany(p => p.Value is null ? [] : Submits(p.Value))),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Submits),
        _ => [],
    };

    /// <summary>What Teams sends for a click on this Action.Submit: its data merged with the card's inputs.</summary>
    private static JsonObject Click(JsonObject action, JsonObject? inputs = null)
    {
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var (key, value) in inputs ?? []) data[key] = value?.DeepClone();
        return data;
    }

    /// <summary>Words no other test's idea shares, so the similar-ideas check finds nothing for them.</summary>
    private static string Fresh() => string.Join(" ", Enumerable.Range(0, 4).Select(_ => "q" + Guid.NewGuid().ToString("N")[..9]));

    private Task<List<Idea>> IdeasTitledAsync(string title) =>
        Bot.WithDbAsync(db => db.Ideas().AsNoTracking().Where(i => i.Title == title).ToListAsync());

    [Fact]
    public async Task Fetch_HtmlMessageOfAColleague_FormPrefilledWithoutTheAuthor()
    {
        var activity = Invoke("composeExtension/fetchTask");
        activity["value"]!["messagePayload"] = Payload(
            "<div><div><at id=\"0\">Mia Lotsin</at> Akten im Bauamt digital führen &amp; scannen. Dann sucht keiner mehr im Keller.</div>"
            + "<div>Zweite&nbsp;Zeile<br>dritte Zeile</div></div>");

        var task = await DialogAsync(activity);

        var card = CardOf(task);
        Assert.Equal(Word.De("ideasMessage.dialogTitle"), task["value"]!["title"]!.GetValue<string>());
        Assert.Equal("Akten im Bauamt digital führen & scannen", FormCards.Input(card, "title")["value"]!.GetValue<string>());
        Assert.Equal("Akten im Bauamt digital führen & scannen. Dann sucht keiner mehr im Keller.\nZweite Zeile\ndritte Zeile",
            FormCards.Input(card, "description")["value"]!.GetValue<string>());
        Assert.Equal("false", FormCards.Input(card, "anonymous")["value"]!.GetValue<string>());
        var choices = FormCards.Input(card, "department")["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(Word.De("ideas.department.all"), choices[0]);
        Assert.Contains("Bürgerbüro", choices);
        var check = Assert.Single(Submits(card));
        Assert.True(Guid.TryParse(check["data"]!["draftId"]!.GetValue<string>(), out _));
        Assert.Equal("check", check["data"]!["step"]!.GetValue<string>());
        var json = task.ToJsonString();
        Assert.DoesNotContain(Lotse.Name, json, StringComparison.Ordinal);
        Assert.DoesNotContain(Lotse.AadObjectId, json, StringComparison.Ordinal);
        Assert.DoesNotContain(Lotsin.Name, json, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.Execute", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ShortTitleNoDescription_FormAgainWithErrorsUnderFieldsAndValuesKept()
    {
        var title = "Amt";
        var data = IdeaSeed.Form(title, description: "", department: "Bauamt", anonymous: true);
        data["step"] = "check";

        var card = CardOf(await DialogAsync(Invoke("composeExtension/submitAction", data)));

        Assert.Equal(Word.De("ideas.form.error.titleShort"), FormCards.MessageUnder(card, "title"));
        Assert.Equal(Word.De("ideas.form.error.descriptionMissing"), FormCards.MessageUnder(card, "description"));
        Assert.Contains(Word.De("ideas.form.error.titleShort"), FormCards.Summary(card), StringComparison.Ordinal);
        Assert.Equal(title, FormCards.Input(card, "title")["value"]!.GetValue<string>());
        Assert.Equal("Bauamt", FormCards.Input(card, "department")["value"]!.GetValue<string>());
        Assert.Equal("true", FormCards.Input(card, "anonymous")["value"]!.GetValue<string>());
        Assert.Equal(data["draftId"]!.GetValue<string>(), Assert.Single(Submits(card))["data"]!["draftId"]!.GetValue<string>());
        Assert.Empty(await IdeasTitledAsync(title));
    }

    [Fact]
    public async Task Submit_SimilarIdeaExists_SimilarDialogThenSupportInstead()
    {
        var words = Fresh();
        var existing = await IdeaSeed.IdeaAsync(Bot, "Bauakten digital " + words, Lotse, description: "Scannen statt Keller " + words);
        var mine = "Digitale Bauakten " + words;
        var data = IdeaSeed.Form(mine, description: "Scannen statt Keller " + words);
        data["step"] = "check";

        var card = CardOf(await DialogAsync(Invoke("composeExtension/submitAction", data)));

        var same = Submits(card).Single(a => a["data"]?["ideaId"]?.GetValue<long>() == existing);
        Assert.StartsWith(Word.De("ideasMessage.similar.same", existing, ""), same["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(Submits(card), a => a["title"]!.GetValue<string>() == Word.De("ideasMessage.similar.different"));
        var answer = MessageOf(await DialogAsync(Invoke("composeExtension/submitAction", Click(same))));

        Assert.Equal(Word.De("ideasMessage.done.supported", existing), answer);
        Assert.Equal(1, (await IdeaSeed.LoadAsync(Bot, existing)).SupportCount);
        Assert.True(await Bot.WithDbAsync(db => db.IdeaSupports().AnyAsync(s => s.IdeaId == existing && s.UserAadObjectId == Erika.AadObjectId)));
        Assert.Empty(await IdeasTitledAsync(mine));
    }

    [Fact]
    public async Task Submit_MineIsDifferent_SubmittedWithTheDraftTheButtonCarried()
    {
        var words = Fresh();
        await IdeaSeed.IdeaAsync(Bot, "Formulare online " + words, Lotse, description: "Weniger Papier " + words);
        var mine = "Formulare online ausfüllen " + words;
        var data = IdeaSeed.Form(mine, description: "Weniger Papier " + words, department: "Ordnungsamt");
        data["step"] = "check";
        var card = CardOf(await DialogAsync(Invoke("composeExtension/submitAction", data)));
        var different = Submits(card).Single(a => a["title"]!.GetValue<string>() == Word.De("ideasMessage.similar.different"));

        var answer = MessageOf(await DialogAsync(Invoke("composeExtension/submitAction", Click(different))));

        var idea = Assert.Single(await IdeasTitledAsync(mine));
        Assert.Equal(Word.De("ideasMessage.done.submitted", idea.Id, StadtLabor.Bot.Cards.Wording.Day("de", idea.FirstResponseDueOn)), answer);
        Assert.Equal(("Ordnungsamt", "Weniger Papier " + words, false), (idea.Department, idea.Description, idea.Anonymous));
    }

    [Fact]
    public async Task Submit_AnonymousWithoutSimilar_SubmittedAtOnceNoNameStoredOrPosted()
    {
        await IdeaSeed.ChannelAsync(Bot);
        var title = "Anonym " + Fresh();
        var data = IdeaSeed.Form(title, description: Fresh(), anonymous: true);
        data["step"] = "check";
        data["department"] = IdeaDraft.AllDepartments;

        var answer = MessageOf(await DialogAsync(Invoke("composeExtension/submitAction", data)));

        var idea = Assert.Single(await IdeasTitledAsync(title));
        Assert.Equal(Word.De("ideasMessage.done.submitted", idea.Id, StadtLabor.Bot.Cards.Wording.Day("de", idea.FirstResponseDueOn)), answer);
        Assert.True(idea.Anonymous);
        Assert.Equal("", idea.Department);
        var author = await Bot.WithDbAsync(db => db.IdeaAuthors().AsNoTracking().SingleAsync(a => a.IdeaId == idea.Id));
        Assert.Equal((Erika.AadObjectId, "", true), (author.UserAadObjectId, author.Name, author.Anonymous));
        var posted = await OutboxHelpers.MessageAsync(Bot, IdeaChannel.PostKey(idea.Id));
        Assert.DoesNotContain("Mustermann", posted.ActivityJson, StringComparison.Ordinal);
        Assert.DoesNotContain(Erika.AadObjectId, posted.ActivityJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_SameSubmitTwice_OneIdea()
    {
        var title = "Doppelt " + Fresh();
        var data = IdeaSeed.Form(title, description: Fresh());
        data["step"] = "submit";

        var first = MessageOf(await DialogAsync(Invoke("composeExtension/submitAction", data)));
        var second = MessageOf(await DialogAsync(Invoke("composeExtension/submitAction", data.DeepClone().AsObject())));

        var idea = Assert.Single(await IdeasTitledAsync(title));
        Assert.Contains($"#{idea.Id} ", first, StringComparison.Ordinal);
        Assert.Equal(Word.De("ideasMessage.done.alreadySubmitted", idea.Id), second);
    }

    /// <summary>
    /// Teams gives a message extension 5 seconds and then shows "unable to reach the app". Measured once the app is
    /// warm (the fixture's first request pays for JIT and connection pools, which a running bot has paid long ago).
    /// </summary>
    [Fact]
    public async Task FetchCheckSubmit_WarmApp_EachAnsweredWithinTeamsFiveSeconds()
    {
        await DialogAsync(Invoke("composeExtension/fetchTask"));
        var data = IdeaSeed.Form("Schnell " + Fresh(), description: Fresh());
        data["step"] = "check";

        var times = new List<TimeSpan>();
        foreach (var activity in new[] { Invoke("composeExtension/fetchTask"), Invoke("composeExtension/submitAction", data) })
        {
            var watch = Stopwatch.StartNew();
            await DialogAsync(activity);
            times.Add(watch.Elapsed);
        }

        Assert.All(times, t => Assert.True(t < TimeSpan.FromSeconds(5), $"answered after {t.TotalMilliseconds:F0} ms"));
    }

    [Fact]
    public async Task Invoke_UnknownCommand_DialogMessageNot500()
    {
        var task = await DialogAsync(Invoke("composeExtension/fetchTask", commandId: "somethingElse"));

        Assert.Equal(Word.De("invoke.unknownAction"), MessageOf(task));
    }
}

[Collection(IdeasCollections.Sqlite)]
public sealed class MessageActionTests_Sqlite(SqliteIdeasBot bot) : MessageActionTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class MessageActionTests_Postgres(PostgresIdeasBot bot) : MessageActionTests<PostgresIdeasBot>(bot);
