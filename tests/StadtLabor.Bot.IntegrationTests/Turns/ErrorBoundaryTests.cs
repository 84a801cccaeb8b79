using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Turns;

/// <summary>
/// One error boundary in the turn pipeline: a handler that throws is answered with the error card naming an incident
/// id and the lab's contact, logged once under that id without personal data, and rolled back completely.
/// </summary>
public abstract partial class ErrorBoundaryTests<TBot>(TBot fixture) where TBot : FaultyBot
{
    private TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static string NewConversation() => $"a:personal-{Guid.NewGuid():N}";

    [Fact]
    public async Task Verb_ThrowsAfterTwoSaves_ErrorCardWithIncidentAndNothingSaved()
    {
        var key = $"faults:{Guid.NewGuid():N}";
        var errorsBefore = Bot.ErrorLines.Count;

        var answer = await Bot.InvokeAsync(Execute(Bot, Erika, "faults.writeThenThrow", new JsonObject { ["key"] = key }, NewConversation()));

        Assert.Equal("application/vnd.microsoft.card.adaptive", answer["type"]!.GetValue<string>());
        var incident = AssertOneIncidentLogged(errorsBefore);
        var words = Words(answer["value"]);
        Assert.Contains(incident, words, StringComparison.Ordinal);
        Assert.Contains("stadtlabor@soest.de", words, StringComparison.Ordinal);
        Assert.Contains("menu.show", Verbs(answer["value"]));
        Assert.Equal(0, await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => m.DedupeKey.StartsWith(key))));
    }

    [Fact]
    public async Task Command_ThrowsAfterTwoSaves_ErrorCardRepliedAndHalfAnswerDropped()
    {
        var key = $"faults:{Guid.NewGuid():N}";
        var conversation = NewConversation();
        var errorsBefore = Bot.ErrorLines.Count;

        using var response = await Bot.PostAsync(Message(Bot, Erika, "kaputtmachen " + key, conversation));

        Assert.Equal(200, (int)response.StatusCode);
        var reply = Assert.Single(await Bot.Connector.WaitForCallsAsync(conversation, 1));
        await Task.Delay(300);
        Assert.Single(Bot.Connector.CallsFor(conversation));
        var incident = AssertOneIncidentLogged(errorsBefore);
        Assert.Contains(incident, Words(CardIn(reply)), StringComparison.Ordinal);
        Assert.Contains("stadtlabor@soest.de", Words(CardIn(reply)), StringComparison.Ordinal);
        Assert.DoesNotContain("halbe Antwort", reply.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await Bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => m.DedupeKey.StartsWith(key))));
    }

    [Fact]
    public async Task Verb_ThrowsAfterExecuteUpdate_UpdateRolledBack()
    {
        // The turn's transaction opens at its first write, also when that write is not SaveChanges.
        var conversation = NewConversation();
        await Bot.InvokeAsync(Execute(Bot, Erika, "menu.show", conversationId: conversation));
        var errorsBefore = Bot.ErrorLines.Count;

        var answer = await Bot.InvokeAsync(Execute(Bot, Erika, "faults.updateThenThrow", conversationId: conversation));

        Assert.Contains("menu.show", Verbs(answer["value"]));
        Assert.Single(Bot.ErrorLines.Skip(errorsBefore));
        var row = await Bot.WithDbAsync(db => db.Installations().AsNoTracking().SingleAsync(i => i.ConversationId == conversation));
        Assert.True(row.Active);
    }

    [Fact]
    public async Task Verb_ClientGivesUp_NoErrorLogged()
    {
        // Warm up (keys fetched, code jitted), so the client gives up while the handler runs, not before.
        await Bot.InvokeAsync(Execute(Bot, Erika, "menu.show", conversationId: NewConversation()));
        var errorsBefore = Bot.ErrorLines.Count;
        using var impatient = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(Execute(Bot, Erika, "faults.waitLong", conversationId: NewConversation()).ToJsonString(),
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Bot.ValidToken());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Bot.Http.SendAsync(request, impatient.Token));

        var until = DateTime.UtcNow.AddSeconds(10);
        while (!Bot.Logs.Lines.Any(l => l.Contains("abandoned", StringComparison.Ordinal)) && DateTime.UtcNow < until) await Task.Delay(50);
        Assert.True(Bot.Logs.Lines.Any(l => l.Contains("abandoned", StringComparison.Ordinal)), string.Join("\n", Bot.Logs.Lines.TakeLast(12)));
        Assert.Equal(errorsBefore, Bot.ErrorLines.Count);
        request.Dispose();
    }

    [Fact]
    public async Task FirstClicks_FiveAtOnceFromNewPerson_AllAnsweredOneRowNoErrors()
    {
        var newcomer = new Persona($"29:new-{Guid.NewGuid():N}", Guid.NewGuid().ToString(), "Neu, Kim");
        var conversation = NewConversation();
        var errorsBefore = Bot.ErrorLines.Count;

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Bot.InvokeAsync(Execute(Bot, newcomer, "menu.show", conversationId: conversation))));

        Assert.All(answers, a => Assert.Equal("application/vnd.microsoft.card.adaptive", a["type"]!.GetValue<string>()));
        Assert.All(answers, a => Assert.Contains("trainings.list", Verbs(a["value"])));
        var rows = await Bot.WithDbAsync(db => db.Installations().Where(i => i.ConversationId == conversation).ToListAsync());
        var row = Assert.Single(rows);
        Assert.True(row.Active);
        Assert.Equal(newcomer.AadObjectId, row.UserAadObjectId);
        Assert.Equal(errorsBefore, Bot.ErrorLines.Count);
    }

    /// <summary>Exactly one new error line, carrying an 8-character incident id and none of the exception's text.</summary>
    private string AssertOneIncidentLogged(int errorsBefore)
    {
        var line = Assert.Single(Bot.ErrorLines.Skip(errorsBefore));
        var incident = IncidentId().Match(line).Groups[1].Value;
        Assert.Equal(8, incident.Length);
        Assert.Contains("InvalidOperationException", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Contains(FaultyFeature.Secret, StringComparison.Ordinal) || l.Contains("Mustermann", StringComparison.Ordinal));
        Assert.Single(Bot.Logs.Lines, l => l.Contains(incident, StringComparison.Ordinal));
        return incident;
    }

    [GeneratedRegex("incident ([0-9a-f]{8})")]
    private static partial Regex IncidentId();
}

public sealed class ErrorBoundaryTests_Sqlite(FaultySqliteBot bot) : ErrorBoundaryTests<FaultySqliteBot>(bot), IClassFixture<FaultySqliteBot>;

public sealed class ErrorBoundaryTests_Postgres(FaultyPostgresBot bot) : ErrorBoundaryTests<FaultyPostgresBot>(bot), IClassFixture<FaultyPostgresBot>;
