using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Surveys.Answering;

/// <summary>Clicks on the answering cards as Teams sends them: the button's data with the card's inputs merged in.</summary>
internal static class AnswerFlow
{
    public static string Id(SurveyQuestion q) => SurveyAnswers.InputId(q.Id);

    public static JsonObject Wave(long waveId) => new() { ["waveId"] = waveId };

    /// <summary>"Weiter" or "Zurück" on page <paramref name="page"/> with these inputs (question → raw value).</summary>
    public static JsonObject Page(long waveId, int page, string direction, params (SurveyQuestion Q, string Value)[] inputs)
    {
        var data = new JsonObject { ["waveId"] = waveId, ["page"] = page, ["direction"] = direction };
        foreach (var (q, value) in inputs) data[Id(q)] = value;
        return data;
    }

    /// <summary>"Antworten absenden" on the last page with its inputs.</summary>
    public static JsonObject Submit(long waveId, int page, params (SurveyQuestion Q, string Value)[] inputs)
    {
        var data = new JsonObject { ["waveId"] = waveId, ["page"] = page };
        foreach (var (q, value) in inputs) data[Id(q)] = value;
        return data;
    }

    /// <summary>The seeded survey's first page (department, days, tools) answered.</summary>
    public static (SurveyQuestion, string)[] FirstPage(SeededSurvey s, string department = "1", string days = "3", string tools = "0,2") =>
        [(s.Department, department), (s.Days, days), (s.Tools, tools)];

    /// <summary>The seeded survey's second page (satisfaction, hours, text) answered.</summary>
    public static (SurveyQuestion, string)[] SecondPage(SeededSurvey s, string satisfaction = "2", string hours = "7", string text = "Mehr Headsets, bitte.") =>
        [(s.Satisfaction, satisfaction), (s.Hours, hours), (s.Change, text)];

    public static string? Value(JsonObject card, SurveyQuestion q) => FormCards.Input(card, Id(q))["value"]?.ToString();
}
