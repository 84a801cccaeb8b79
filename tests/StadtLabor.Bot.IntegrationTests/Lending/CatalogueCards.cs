using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>Reading the catalogue cards as a person does, and the lab's default calendar worked out on its own (not with the bot's OpenDays).</summary>
internal static class CatalogueCards
{
    /// <summary>The item rows of lending/catalogue or lending/findFree: the separated containers with no container inside.</summary>
    public static List<JsonObject> Rows(JsonObject card) =>
        [.. Walk(card).Where(o => IsContainer(o) && o["separator"]?.GetValue<bool>() == true && !Walk(o["items"]).Any(IsContainer))];

    /// <summary>The row of the item with this name.</summary>
    public static JsonObject Row(JsonObject card, string name) =>
        Assert.Single(Rows(card), r => Words(r).Split('\n').Contains(name));

    public static IReadOnlyList<string> Names(JsonObject card) =>
        [.. Rows(card).Select(r => Words(r).Split('\n')[0])];

    public static JsonObject Action(JsonNode? card, string verb) => Assert.Single(Actions(card), a => a["verb"]!.GetValue<string>() == verb);

    public static Dictionary<string, string> Facts(JsonObject card) =>
        Walk(card).Where(o => o["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray().OfType<JsonObject>())
            .ToDictionary(f => f["title"]!.GetValue<string>(), f => f["value"]!.GetValue<string>());

    public static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    /// <summary>
    /// Days the lab is open (Mon–Fri, no NRW holiday) from today on, each with the Berlin opening hours of the default
    /// options, kept only when something can still be picked up that day after the 24-hour lead time.
    /// </summary>
    public static List<DateOnly> OpenDaysAhead(int count)
    {
        var now = DateTime.UtcNow;
        var day = DateOnly.FromDateTime(TrainingTime.ToBerlin(now));
        var days = new List<DateOnly>();
        for (; days.Count < count; day = day.AddDays(1))
        {
            if (!WorkingDays.IsWorkingDay(day)) continue;
            var closes = day.DayOfWeek switch { DayOfWeek.Thursday => new TimeOnly(17, 30), DayOfWeek.Friday => new TimeOnly(12, 30), _ => new TimeOnly(16, 0) };
            if (TrainingTime.ToUtc(day.ToDateTime(closes)) > now.AddHours(24)) days.Add(day);
        }
        return days;
    }

    public static DateTime BerlinUtc(DateOnly day, int hour, int minute = 0) => TrainingTime.ToUtc(day.ToDateTime(new TimeOnly(hour, minute)));

    public static string Day(DateOnly day) => Wording.Day(Strings.German, day);

    private static bool IsContainer(JsonObject o) => o["type"]?.GetValue<string>() == "Container";
}
