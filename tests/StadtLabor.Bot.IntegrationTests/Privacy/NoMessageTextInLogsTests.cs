using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using StadtLabor.Bot.Features.Trainings.Feedback;

namespace StadtLabor.Bot.IntegrationTests.Privacy;

/// <summary>Every category at Debug, including ASP.NET Core, EF Core and HttpClient, which the other fixtures quieten.</summary>
public sealed class DebugLogsBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // A rule for our log sink beats the fixture's category filters ("Microsoft" at Warning), whatever their order.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"Logging:{typeof(LogSink).FullName}:LogLevel:Default"] = "Debug",
        ["Roles:LabTeam:0"] = Activities.LabTeam.AadObjectId,
    };
}

/// <summary>
/// What people write to the bot never reaches a log: a secret phrase sent every way text can arrive (message,
/// command argument, mention, card submit data, invoke data, a verb made of free text, a rejected or broken request,
/// a display name on a sign-up, the lab team's session form, a feedback comment) appears in no log line of any
/// category at Debug.
/// </summary>
public sealed class NoMessageTextInLogsTests(DebugLogsBot fixture) : IClassFixture<DebugLogsBot>
{
    private const string Secret = "Mein Quittenbrot-Rezept 90817 bleibt geheim";
    private static readonly string[] Fragments = ["Quittenbrot", "90817", "Rezept"];

    private DebugLogsBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task Logs_SecretSentEveryWay_NoLineContainsIt()
    {
        var conversation = "a:logs-" + Guid.NewGuid().ToString("N");
        var expectedReplies = 0;

        foreach (var text in new[] { Secret, "hilfe " + Secret, "idee " + Secret, "datenschutz " + Secret })
        {
            await PostOkAsync(Message(Bot, Erika, text, conversation));
            expectedReplies++;
        }

        var mentioned = Message(Bot, Lotse, "<at>stadtLABOR</at> " + Secret, conversation);
        mentioned["entities"] = new JsonArray(new JsonObject { ["type"] = "mention", ["text"] = "<at>stadtLABOR</at>" });
        await PostOkAsync(mentioned);
        expectedReplies++;

        var submit = Message(Bot, Erika, Secret, conversation);
        submit["value"] = new JsonObject { ["verb"] = "menu.show", ["note"] = Secret, ["nested"] = new JsonObject { ["text"] = Secret } };
        await PostOkAsync(submit);
        expectedReplies++;

        await Bot.InvokeAsync(Execute(Bot, Erika, "privacy.notice", new JsonObject { ["comment"] = Secret }, conversation));
        await Bot.InvokeAsync(Execute(Bot, Erika, "trainings.list", new JsonObject { ["search"] = Secret }, conversation));
        await Bot.InvokeAsync(Execute(Bot, Erika, Secret, new JsonObject { ["x"] = Secret }, conversation));
        await Bot.InvokeAsync(Execute(Bot, Erika, "ideas." + Secret.Replace(" ", "", StringComparison.Ordinal), conversationId: conversation));

        // Trainings: a sign-up stores the display name, the lab team's form stores titles and texts, feedback a comment.
        var session = await TrainingSeed.SessionAsync(Bot, capacity: 5, startsIn: TimeSpan.FromDays(-1));
        var named = new Persona("29:secret-name", "c0ffee00-0000-4000-8000-00000000beef", Secret);
        var upcoming = await TrainingSeed.SessionAsync(Bot, capacity: 5);
        await Bot.InvokeAsync(Execute(Bot, named, "trainings.signUp", TrainingSeed.Session(upcoming), conversation));
        var secretName = Secret;
        Assert.Equal(1, await Bot.WithDbAsync(db => db.TrainingRegistrations().CountAsync(r => r.SessionId == upcoming && r.UserName == secretName)));
        await Bot.WithDbAsync(async db =>
        {
            db.TrainingRegistrations().Add(new Registration
            {
                SessionId = session, UserAadObjectId = Erika.AadObjectId, UserName = Erika.Name, TenantId = BotFixture.TenantId,
                Status = RegistrationStatus.Booked, Attendance = Attendance.Present,
                CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var feedback = await Bot.InvokeAsync(Execute(Bot, Erika, "trainings.feedback",
            new JsonObject { ["sessionId"] = session, ["rating"] = "4", ["comment"] = Secret }, conversation));
        Assert.Equal(1, await Bot.WithDbAsync(db => db.TrainingFeedback().CountAsync(f => f.SessionId == session)));
        var day = TrainingTime.ToBerlin(DateTime.UtcNow).Date.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Bot.InvokeAsync(Execute(Bot, LabTeam, "trainings.create", new JsonObject
        {
            ["newTool"] = "Tool " + Secret[..12], ["title"] = Secret, ["description"] = Secret, ["prerequisites"] = Secret,
            ["date"] = day, ["start"] = "10:00", ["end"] = "11:00", ["place"] = Secret, ["onlineUrl"] = "", ["trainer"] = Secret,
            ["capacity"] = "5", ["announce"] = "false", ["toolId"] = "", ["allowDay"] = day, // saved even on a weekend
        }, "a:personal-labteam-logs"));
        var secretTitle = Secret; // a variable, so EF Core makes it a parameter (a constant would be in the query text)
        Assert.Equal(1, await Bot.WithDbAsync(db => db.TrainingSessions().CountAsync(s => s.Title == secretTitle)));
        Assert.NotNull(feedback);

        using (var forged = await Bot.PostAsync(Message(Bot, Erika, Secret, conversation), "Bearer not-a-token"))
            Assert.Equal(401, (int)forged.StatusCode);
        using (var broken = await Bot.Http.PostAsync("/api/messages",
                   new StringContent("{\"type\":\"message\",\"text\":\"" + Secret + "\"", Encoding.UTF8, "application/json")))
            Assert.Equal(400, (int)broken.StatusCode);

        await Bot.Connector.WaitForCallsAsync(conversation, expectedReplies);
        await Task.Delay(300); // the reply sender logs after the connector answered

        var lines = Bot.Logs.Lines;
        Assert.Contains(lines, l => l.StartsWith("Debug Microsoft.", StringComparison.Ordinal)); // all categories were on
        Assert.Contains(lines, l => l.StartsWith("Debug StadtLabor.", StringComparison.Ordinal));
        foreach (var fragment in Fragments)
        {
            var leaked = lines.Where(l => l.Contains(fragment, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(leaked.Count == 0, $"'{fragment}' was logged:\n{string.Join("\n", leaked)}");
        }
    }

    private async Task PostOkAsync(JsonObject activity)
    {
        using var response = await Bot.PostAsync(activity);
        Assert.Equal(200, (int)response.StatusCode);
    }
}
