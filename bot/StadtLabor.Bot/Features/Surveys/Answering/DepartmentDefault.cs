using System.Globalization;
using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>
/// A survey's department question (a single-choice breakdown, e.g. "In welchem Fachbereich arbeitest du?") starts at
/// the option that names the person's department in Entra ID (Graph's user.department), when one does: exactly, or
/// ignoring case; nothing else (no guessing between "Bauamt" and "Bauordnungsamt"). Only a preselection on the card:
/// the person may change it, and what is stored is their answer, unlinked like every answer. Questions the person
/// answered already (in their draft, also "nothing chosen") keep their answer. Without Graph there is no default.
/// </summary>
public static class DepartmentDefault
{
    public static async Task ApplyAsync(IGroupDirectory directory, string user, AnswerSheet sheet, Dictionary<long, string> answers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(answers);
        var open = sheet.Questions.Where(q => q.IsBreakdown && q.Kind == QuestionKind.SingleChoice && !answers.ContainsKey(q.Id)).ToList();
        if (open.Count == 0) return;
        if (await directory.DepartmentOfAsync(user, ct) is not { } department) return;
        foreach (var q in open)
            if (Match(q.OptionList(), department) is { } index) answers[q.Id] = index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The option's index: the exact name first, then the name ignoring case; null when none is the department.</summary>
    public static int? Match(IReadOnlyList<string> options, string department)
    {
        ArgumentNullException.ThrowIfNull(options);
        var wanted = department.Trim();
        if (wanted.Length == 0) return null;
        for (var i = 0; i < options.Count; i++)
            if (string.Equals(options[i].Trim(), wanted, StringComparison.Ordinal)) return i;
        for (var i = 0; i < options.Count; i++)
            if (string.Equals(options[i].Trim(), wanted, StringComparison.OrdinalIgnoreCase)) return i;
        return null;
    }
}
