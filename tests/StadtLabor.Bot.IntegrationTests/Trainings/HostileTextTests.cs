using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Feedback;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests.Cards;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.TrainingSeed;

namespace StadtLabor.Bot.IntegrationTests.Trainings;

/// <summary>
/// Every text field of the training data (tool, title, description, prerequisites, place, trainer, people's display
/// names, feedback comments) filled with hostile markdown; then every card the bot shows for it, answered or queued in
/// the outbox, is walked, and each markdown text (TextBlock.text, Fact title/value) is drawn by Microsoft's renderer
/// with markdown and linkify on (tools/checkers/render-text.js): no link anywhere, and every hostile fragment shows
/// literally, i.e. nothing of it became formatting.
/// </summary>
public abstract partial class HostileTextTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    /// <summary>Each visible only as typed if it is not read as markdown (the markers would vanish or become a link).</summary>
    private static readonly string[] Fragments =
        ["[Jetzt anmelden](https://evil.example)", "**fett**", "_kursiv_", "`code`", "<b>x</b>", "www.evil.example", "boss@evil.example"];

    private static string Hostile(string field) => $"{field} [Jetzt anmelden](https://evil.example) **fett** _kursiv_ `code` <b>x</b> www.evil.example boss@evil.example";

    // Tool names hold at most 60 characters.
    private const string ToolName = "TOOL [Jetzt anmelden](https://evil.example) **fett**";
    private const string MultiLine = "DESC # Titel\n# Überschrift\n- Liste\n1. eins\n> Zitat\n    eingerückt **fett**";

    private static readonly Persona Booked = new("29:hostile-booked", "c0ffee00-0000-4000-8000-00000000a051", Hostile("NAMEA"));
    private static readonly Persona Waiting = new("29:hostile-waiting", "c0ffee00-0000-4000-8000-00000000a052", Hostile("NAMEB"));

    [Fact]
    public async Task EveryCard_HostileMarkdownInEveryTextField_NoLinkAndNoFormatting()
    {
        var toolId = await ToolAsync(Bot, ToolName);
        var otherToolId = await ToolAsync(Bot, "TOOLX [Jetzt anmelden](https://evil.example) **fett**");
        var id = await SessionAsync(Bot, capacity: 1, tool: ToolName, title: Hostile("TITLE"), adjust: s =>
        {
            s.Description = MultiLine;
            s.Prerequisites = Hostile("PREREQ");
            s.Place = Hostile("PLACE");
            s.Trainer = Hostile("TRAINER");
            s.OnlineUrl = "https://meet.example/stadtlabor";
        });
        var past = await SessionAsync(Bot, capacity: 20, startsIn: TimeSpan.FromDays(-2), tool: ToolName, title: Hostile("PASTTITLE"));
        await Bot.WithDbAsync(async db =>
        {
            for (var n = 0; n < 12; n++)
                db.TrainingFeedback().Add(new TrainingFeedback { SessionId = past, Rating = 1 + (n % 5), Comment = Hostile($"COMMENT{n}"), SubmittedOn = DateOnly.FromDateTime(DateTime.UtcNow) });
            return await db.SaveChangesAsync();
        });

        var cards = new List<(string Where, JsonObject Card)>();
        async Task Click(string where, Persona p, string verb, JsonObject? data = null) => cards.Add((where, await ClickAsync(Bot, p, verb, data)));

        await Click("signUp", Booked, "trainings.signUp", Session(id));
        await Click("waitlist", Waiting, "trainings.signUp", Session(id));
        await Click("list", Erika, "trainings.list");
        await Click("detail", Erika, "trainings.detail", Session(id));
        await Click("interest", Erika, "trainings.interest", new JsonObject { ["toolId"] = otherToolId });
        await Click("mine", Booked, "myitems.show");
        await Click("manage", LabTeam, "trainings.manage");
        await Click("form", LabTeam, "trainings.edit", Session(id));
        await Click("participants", LabTeam, "trainings.participants", Session(id));
        await Click("confirmCancel", LabTeam, "trainings.cancelSession", Session(id));
        await Click("feedback", Erika, "trainings.feedback", Session(past));
        await Click("results session", LabTeam, "trainings.feedbackResults", Session(past));
        await Click("results tool", LabTeam, "trainings.feedbackResults", new JsonObject { ["toolId"] = toolId });
        await Click("confirm seat cancel", Booked, "trainings.cancel", Session(id));
        await Click("cancel", Booked, "trainings.cancel", ConfirmedCancel(id)); // the waiting person gets the offer (outbox)
        await Click("mine offered", Waiting, "myitems.show");
        await Bot.PostAsync(Install(Bot, Booked, conversationId: Chat(Booked)));

        var queued = await Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Select(m => m.ActivityJson).ToListAsync());
        foreach (var activity in queued.Select(a => JsonNode.Parse(a)!.AsObject()))
            if (activity["attachments"]?[0]?["content"] is JsonObject card) cards.Add(("outbox", card));
        await WaitForWelcomeAsync();
        foreach (var call in Bot.Connector.Calls)
            if (Infrastructure.Cards.CardIn(call) is { } card) cards.Add(("connector", card));

        var texts = cards.SelectMany(c => MarkdownTexts(c.Card).Select(t => (c.Where, Text: t))).ToList();
        var rendered = Checkers.Batch("render-text.js", new JsonArray([.. texts.Select(t => (JsonNode)t.Text)]));

        var problems = new List<string>();
        for (var i = 0; i < texts.Count; i++)
        {
            var result = rendered[i]!.AsObject();
            var visible = Collapse(result["text"]!.GetValue<string>());
            if (result["links"]!.GetValue<int>() > 0) problems.Add($"{texts[i].Where}: link in \"{texts[i].Text}\"");
            foreach (var fragment in Fragments.Where(f => Unescape(texts[i].Text).Contains(f, StringComparison.Ordinal)))
                if (!visible.Contains(fragment, StringComparison.Ordinal)) problems.Add($"{texts[i].Where}: \"{fragment}\" became formatting in {result["html"]}");
            foreach (var line in new[] { "# Titel", "# Überschrift", "- Liste", "1. eins", "> Zitat" })
                if (Unescape(texts[i].Text).Contains(line, StringComparison.Ordinal) && !visible.Contains(line, StringComparison.Ordinal))
                    problems.Add($"{texts[i].Where}: \"{line}\" became formatting in {result["html"]}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Every field reached at least one card, so the walk above really covered it.
        var all = string.Join("\n", texts.Select(t => Unescape(t.Text)));
        foreach (var field in new[] { "TOOL", "TOOLX", "TITLE", "DESC", "PREREQ", "PLACE", "TRAINER", "NAMEA", "NAMEB", "PASTTITLE", "COMMENT0" })
            Assert.Contains(field + " ", all, StringComparison.Ordinal);
        Assert.Contains(cards, c => c.Where == "outbox");
        Assert.Contains(cards, c => c.Where == "connector");
    }

    private async Task WaitForWelcomeAsync()
    {
        for (var i = 0; i < 100 && !Bot.Connector.Calls.Any(c => Infrastructure.Cards.CardIn(c) is not null); i++)
            await Task.Delay(50);
    }

    /// <summary>The texts Teams reads as markdown: TextBlock.text and the title and value of every fact.</summary>
    private static IEnumerable<string> MarkdownTexts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"]?.GetValue<string>() == "TextBlock" && o["text"] is JsonValue text) yield return text.GetValue<string>();
                if (o["type"]?.GetValue<string>() == "FactSet" && o["facts"] is JsonArray facts)
                    foreach (var fact in facts.OfType<JsonObject>())
                        foreach (var key in new[] { "title", "value" })
                            if (fact[key] is JsonValue v) yield return v.GetValue<string>();
                foreach (var (_, child) in o)
                    foreach (var t in MarkdownTexts(child)) yield return t;
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var t in MarkdownTexts(child)) yield return t;
                break;
        }
    }

    /// <summary>What the markdown source says once backslash escapes are taken as the characters they stand for.</summary>
    private static string Unescape(string markdown) => Collapse(EscapedCharacter().Replace(markdown, "$1"));

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex EscapedCharacter();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>SQLite with the lab-team persona in Roles:LabTeam.</summary>
public sealed class HostileSqliteBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Roles:LabTeam:0"] = LabTeam.AadObjectId };
}

/// <summary>PostgreSQL with the lab-team persona in Roles:LabTeam.</summary>
public sealed class HostilePostgresBot : BotFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Roles:LabTeam:0"] = LabTeam.AadObjectId };
}

public sealed class HostileTextTests_Sqlite(HostileSqliteBot bot) : HostileTextTests<HostileSqliteBot>(bot), IClassFixture<HostileSqliteBot>;

public sealed class HostileTextTests_Postgres(HostilePostgresBot bot) : HostileTextTests<HostilePostgresBot>(bot), IClassFixture<HostilePostgresBot>;
