using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// A typed text that is no command but names a tool ("Wann ist die nächste Miro-Schulung?", "scrum training?") gets
/// that tool's upcoming sessions, or its "no date yet, tell me when" card, instead of the menu's "not understood".
/// </summary>
public sealed class AnswerToolQuestion(LabDbContext db, TrainingList list) : ITextInterpreter
{
    /// <summary>
    /// How much of a typed text is read: a question naming a tool says so early; normalising all of a
    /// 100,000-character message for every tool would cost time for nothing.
    /// </summary>
    public const int HeadLength = 4 * TrainingLimits.ToolName + 256;

    public async Task<bool> TryAnswerAsync(TurnContext turn, CancellationToken ct)
    {
        var text = Words(turn.Text);
        if (text.Length == 0) return false;
        var tools = await db.TrainingTools().AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        var named = tools.Where(t => Names(text, t.Name)).Select(t => t.Id).ToList();
        // Several tools in one question: the whole list shows them all, a filtered one would hide all but one.
        if (named.Count == 0) return false;
        turn.ReplyCard("trainings/list", await list.DataAsync(turn, named.Count == 1 ? named[0] : null, 0, "", ct));
        return true;
    }

    /// <summary>The head of a text as normalised words between spaces, ready for <see cref="Names"/>.</summary>
    public static string Words(string? text)
    {
        var trimmed = (text ?? "").AsSpan().Trim();
        var head = trimmed.Length <= HeadLength ? trimmed : trimmed[..HeadLength];
        var normalized = TextCommands.Normalize(head.ToString());
        return normalized.Length == 0 ? "" : " " + normalized + " ";
    }

    /// <summary>
    /// Whether the words name the tool as whole words, however cased and with umlauts as ae/oe/ue: "Miro-Schulung"
    /// names Miro, "Mirowski" does not.
    /// </summary>
    public static bool Names(string words, string toolName)
    {
        var name = TextCommands.Normalize(toolName);
        return name.Length > 0 && words.Contains(" " + name + " ", StringComparison.Ordinal);
    }
}
