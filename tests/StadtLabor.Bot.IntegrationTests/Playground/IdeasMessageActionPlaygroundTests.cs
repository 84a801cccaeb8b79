using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Playground;

/// <summary>
/// "Als Idee einreichen" through the real Microsoft 365 Agents Playground (0.2.28): the user writes a message in the
/// chat, runs the message action on it (composeExtension/fetchTask: the dialog with the form prefilled from the
/// message), sends the form (composeExtension/submitAction) and the idea exists. The Playground's page builds the
/// invoke's value itself; its /_conversation/v1/invoke API takes name, value, from and conversation (no replyToId for
/// message extensions) and passes the value on unchanged, answering with the bot's {task, composeExtension}. So the
/// test builds messagePayload as the page does (its message selector: body {contentType "html", content = the
/// message's text}, from.user, id, createdDateTime, empty attachments, mentions, reactions).
/// </summary>
public sealed class IdeasMessageActionPlaygroundTests(PlaygroundSession session) : IClassFixture<PlaygroundSession>
{
    [Fact]
    public async Task MessageAction_OnAChatMessage_PrefilledDialogThenSubmittedIdeaExists()
    {
        if (session.Unavailable is not null) Assert.Skip(session.Unavailable);
        await session.EnsureInstalledAsync();
        var token = "Aktenscan" + Guid.NewGuid().ToString("N")[..8];
        var text = $"Wir sollten die Bauakten mit {token} digitalisieren. Dann sucht niemand mehr im Keller.";
        var messageId = await session.Playground.SendTextAsync(session.Config, session.Chat, text);

        var fetched = await InvokeAsync("composeExtension/fetchTask", Value(messageId, text));

        Assert.True(fetched["task"]?["type"]?.ToString() == "continue", $"fetchTask answered {fetched.ToJsonString()}");
        var card = fetched["task"]!["value"]!["card"]!["content"]!.AsObject();
        var expectedTitle = $"Wir sollten die Bauakten mit {token} digitalisieren";
        Assert.Equal(expectedTitle, FormCards.Input(card, "title")["value"]!.GetValue<string>());
        Assert.Equal(text, FormCards.Input(card, "description")["value"]!.GetValue<string>());
        var check = Assert.Single(Submits(card));

        // What the page sends for a click on the dialog's Action.Submit: its data with the inputs' values.
        var data = check["data"]!.DeepClone().AsObject();
        data["title"] = expectedTitle;
        data["description"] = text;
        data["department"] = FormCards.Input(card, "department")["value"]!.GetValue<string>();
        data["anonymous"] = "false";
        var value = Value(messageId, text);
        value["data"] = data;
        var submitted = await InvokeAsync("composeExtension/submitAction", value);

        Assert.True(submitted["task"]?["type"]?.ToString() == "message", $"submitAction answered {submitted.ToJsonString()}");
        var idea = await WithDbAsync(db => db.Ideas().AsNoTracking().SingleAsync(i => i.Title == expectedTitle));
        Assert.Contains("#" + idea.Id.ToString(CultureInfo.InvariantCulture), submitted["task"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(text, idea.Description);
        Assert.Equal(IdeaStatus.Submitted, idea.Status);
        Assert.True(await WithDbAsync(db => db.IdeaAuthors().AnyAsync(a => a.IdeaId == idea.Id && !a.Anonymous)));
    }

    /// <summary>The invoke's value as the Playground's page builds it for a message action on this message.</summary>
    private JsonObject Value(string messageId, string text) => new()
    {
        ["commandId"] = "submitIdea",
        ["commandContext"] = "message",
        ["context"] = new JsonObject { ["theme"] = "default" },
        ["messagePayload"] = new JsonObject
        {
            ["id"] = messageId,
            ["createdDateTime"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["deleted"] = false,
            ["importance"] = "normal",
            ["locale"] = "en-us",
            ["from"] = new JsonObject { ["user"] = new JsonObject { ["userIdentityType"] = "aadUser", ["id"] = session.Config.UserId } },
            ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = text },
            ["attachments"] = new JsonArray(),
            ["mentions"] = new JsonArray(),
            ["reactions"] = new JsonArray(),
            ["linkToMessage"] = "",
        },
    };

    /// <summary>POST /_conversation/v1/invoke of the Playground, as its page does for a message extension.</summary>
    private async Task<JsonObject> InvokeAsync(string name, JsonObject value)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{session.Playground.Port.ToString(CultureInfo.InvariantCulture)}/"), Timeout = PlaygroundDriver.StepTimeout };
        var payload = new JsonObject
        {
            ["name"] = name,
            ["value"] = value,
            ["from"] = new JsonObject { ["id"] = session.Config.UserId },
            ["conversation"] = new JsonObject { ["id"] = session.Chat },
        };
        using var response = await http.PostAsync(new Uri("_conversation/v1/invoke", UriKind.Relative),
            new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The Playground's {name} answered {(int)response.StatusCode}: {body}{session.Playground.LogTail()}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static IEnumerable<JsonObject> Submits(JsonNode card) => card switch
    {
        JsonObject o => (o["type"]?.ToString() == "Action.Submit" ? [o] : Enumerable.Empty<JsonObject>()).Concat(o.SelectMany(p => p.Value is null ? [] : Submits(p.Value))),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Submits),
        _ => [],
    };

    private async Task<T> WithDbAsync<T>(Func<LabDbContext, Task<T>> work)
    {
        await using var scope = session.Bot.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LabDbContext>());
    }
}
