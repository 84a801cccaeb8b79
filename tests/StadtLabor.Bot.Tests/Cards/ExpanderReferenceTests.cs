using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

/// <summary>Expands every reference case once with Microsoft's engine (one node run for all).</summary>
public sealed class ExpanderReferenceFixture
{
    public ExpanderReferenceFixture()
    {
        var input = new JsonArray([.. ExpanderReferenceCases.All.Select(c => new JsonObject
        {
            ["template"] = JsonNode.Parse(c.Template),
            ["data"] = JsonNode.Parse(c.Data),
        })]);
        var results = Checkers.Batch("expand-card.js", input);
        Results = ExpanderReferenceCases.All.Select((c, i) => (c.Name, Result: results[i]!.AsObject()))
            .ToDictionary(x => x.Name, x => x.Result);
    }

    public IReadOnlyDictionary<string, JsonObject> Results { get; }
}

public sealed class ExpanderReferenceTests(ExpanderReferenceFixture reference) : IClassFixture<ExpanderReferenceFixture>
{
    public static TheoryData<string> Cases => [.. ExpanderReferenceCases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Expand_ReferenceCase_MatchesAdaptiveCardsTemplating(string name)
    {
        var (_, template, data) = ExpanderReferenceCases.All.Single(c => c.Name == name);
        var expected = reference.Results[name];
        JsonObject? actual = null;
        var error = Record.Exception(() => actual = TemplateExpander.Expand(JsonNode.Parse(template)!.AsObject(), JsonNode.Parse(data), name));

        // Keeps the case list honest: a case named "fails: ..." must fail in the reference.
        Assert.Equal(name.StartsWith("fails:", StringComparison.Ordinal), expected["error"] is not null);
        if (expected["error"] is { } referenceError)
        {
            Assert.True(error is TemplateException, $"the reference fails ({referenceError}), so must we; we gave {actual?.ToJsonString() ?? error?.ToString()}");
            return;
        }
        Assert.True(error is null, $"the reference expands to {expected["result"]?.ToJsonString()}, we threw {error}");
        JsonAssert.Equal(expected["result"], actual, name);
    }
}
