using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Intake;

/// <summary>
/// What stands in the idea form's inputs, as typed: shown again with the messages after a refused check, or carried
/// back from the similar-ideas card ("Zurück zum Formular"). Untrusted like all card data, so cut to the inputs'
/// lengths and a department only when it is one on offer; nothing here is saved (IdeaDraft.Read checks a submit).
/// </summary>
public sealed record IdeaFormInput(string DraftId, string Title, string Description, string Department, bool Anonymous)
{
    /// <summary>A new form: a fresh draft id (the same form sent twice makes one idea), the title prefilled when given.</summary>
    public static IdeaFormInput Fresh(string title = "") =>
        new(NewDraftId(), CardText.Plain(title, IdeaLimits.Title), "", "", false);

    public static IdeaFormInput Read(JsonObject data, IdeasOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var draftId = Guid.TryParse(CardInput.Text(data, "draftId"), out var id) ? id.ToString("D") : NewDraftId();
        var department = CardInput.Text(data, "department");
        var known = options.Departments.FirstOrDefault(d => string.Equals(d, department, StringComparison.OrdinalIgnoreCase)) ?? "";
        return new(draftId, Cut(CardInput.Text(data, "title"), IdeaLimits.Title), Cut(CardInput.Text(data, "description"), IdeaLimits.Description),
            known, CardInput.Flag(data, "anonymous"));
    }

    private static string NewDraftId() => Guid.NewGuid().ToString("D");

    private static string Cut(string text, int max) => text.Length > max ? text[..max] : text;
}

/// <summary>
/// The idea form (cards/ideas/form): title, description, whom it helps ("alle" or a department of Ideas:Departments),
/// "anonym einreichen" with what it means, who reads it and how long it is kept; each message under its field and
/// all of them above the button. The draft id travels on the button, not in an input, so nobody types over it.
/// </summary>
public sealed class IdeaForm(IOptions<IdeasOptions> options, IOptions<PrivacyOptions> privacy, IEnumerable<IRetentionPolicy> policies, Strings strings)
{
    /// <summary>Privacy:Retention:Ideas when the ideas' retention policy is not registered (3 years after closing).</summary>
    public const int DefaultRetentionDays = 3 * 365;

    private static readonly string[] Fields = ["title", "description", "department"];

    /// <param name="errors">Word keys by field (as IdeaDraft.Read gives them); a key under another name (the draft id) stands only in the summary.</param>
    public JsonObject Card(TurnContext turn, IdeaFormInput input, IReadOnlyDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var err = new JsonObject();
        foreach (var field in Fields)
        {
            var text = errors.TryGetValue(field, out var key) ? turn.Word(key) : "";
            err[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 };
        }
        var summary = Fields.Where(errors.ContainsKey).Select(f => errors[f])
            .Concat(errors.Where(e => !Fields.Contains(e.Key)).Select(e => e.Value))
            .Select(key => (JsonNode)new JsonObject { ["text"] = turn.Word(key) });
        var retention = TimeSpan.FromDays(RetentionDays());
        return turn.Card("ideas/form", new JsonObject
        {
            ["draftId"] = input.DraftId,
            ["form"] = new JsonObject
            {
                ["title"] = input.Title,
                ["description"] = input.Description,
                ["department"] = input.Department.Length > 0 ? input.Department : IdeaDraft.AllDepartments,
                ["anonymous"] = input.Anonymous ? "true" : "false",
            },
            ["all"] = IdeaDraft.AllDepartments,
            ["departments"] = new JsonArray([.. options.Value.Departments.Select(d => (JsonNode)new JsonObject { ["title"] = d, ["value"] = d })]),
            ["privacy"] = turn.Format("ideasIntake.form.privacy", Wording.Duration(strings, turn.Lang, retention)),
            ["err"] = err,
            ["errors"] = new JsonArray([.. summary]),
            ["hasErrors"] = errors.Count > 0,
        });
    }

    // The same period the purge and the privacy notice use, once the ideas' policy is registered.
    private int RetentionDays() =>
        policies.FirstOrDefault(p => p.Kind == "Ideas") is { } policy ? privacy.Value.DaysFor(policy) : DefaultRetentionDays;
}
