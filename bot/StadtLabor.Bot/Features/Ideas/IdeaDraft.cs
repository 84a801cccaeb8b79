using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// What the idea form sends, from the chat card and from the message extension's dialog alike. Fields: draftId (the
/// form's own id, so the same submit twice is one idea), title, description, department ("" = alle), anonymous.
/// </summary>
public sealed record IdeaDraft(string DraftId, string Title, string Description, string Department, bool Anonymous)
{
    /// <summary>The form's choice "alle" (the card parser refuses a choice with an empty value); read as "".</summary>
    public const string AllDepartments = "*";

    /// <summary>The card fields, to carry a draft on a button (the similar-ideas card's "Meine ist anders").</summary>
    public JsonObject ToData() => new()
    {
        ["draftId"] = DraftId,
        ["title"] = Title,
        ["description"] = Description,
        ["department"] = Department,
        ["anonymous"] = Anonymous ? "true" : "false",
    };

    /// <summary>
    /// Reads and checks a submit. Card data is untrusted: every field is checked, a department must be one of
    /// Ideas:Departments. Errors are word keys per field (ideas.form.error.*), so the form can stand them under the
    /// fields and keep what was typed.
    /// </summary>
    public static (IdeaDraft? Draft, IReadOnlyDictionary<string, string> Errors) Read(JsonObject data, IdeasOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var draftId = CardInput.Text(data, "draftId");
        if (!Guid.TryParse(draftId, out var draft)) errors["draftId"] = "ideas.form.error.expired";
        var title = CardInput.Text(data, "title");
        if (title.Length < IdeaLimits.MinTitle) errors["title"] = "ideas.form.error.titleShort";
        else if (title.Length > IdeaLimits.Title) errors["title"] = "ideas.form.error.titleLong";
        var description = CardInput.Text(data, "description");
        if (description.Length == 0) errors["description"] = "ideas.form.error.descriptionMissing";
        else if (description.Length > IdeaLimits.Description) errors["description"] = "ideas.form.error.descriptionLong";
        var department = CardInput.Text(data, "department");
        if (department == AllDepartments) department = "";
        if (department.Length > 0)
        {
            var known = options.Departments.FirstOrDefault(d => string.Equals(d, department, StringComparison.OrdinalIgnoreCase));
            if (known is null) errors["department"] = "ideas.form.error.department";
            else department = known;
        }
        if (errors.Count > 0) return (null, errors);
        return (new IdeaDraft(draft.ToString("D"), title, description, department, CardInput.Flag(data, "anonymous")), errors);
    }
}
