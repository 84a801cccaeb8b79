using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "schulungen" and the menu button: the upcoming sessions, all tools or one. Typed, the words after the command name
/// the tool ("schulungen miro", "trainings scrum"); a name we do not know gets the whole list and says so.
/// </summary>
public sealed class ShowTrainings(LabDbContext db, TrainingList list) : ITurnHandler, IVerbHandler
{
    /// <summary>How much of an unknown tool name the notice repeats.</summary>
    private const int EchoLength = 40;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var argument = turn.CommandArgument;
        long? toolId = null;
        var notice = "";
        if (AnswerToolQuestion.Words(argument) is { Length: > 0 } words)
        {
            var tools = await db.TrainingTools().AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(ct);
            var named = tools.Where(t => AnswerToolQuestion.Names(words, t.Name)).ToList();
            // A small typo of the whole name ("schulungen mirro") still finds it, when only one tool is that close.
            if (named.Count == 0)
            {
                var typed = TextCommands.Normalize(argument.Length <= EchoLength * 2 ? argument : argument[..(EchoLength * 2)]);
                named = [.. tools.Where(t => TextCommands.Normalize(t.Name) is { Length: > 0 } n
                    && TextCommands.Distance(typed, n) <= TextCommands.AllowedTypos(n.Length))];
            }
            if (named.Count == 1) toolId = named[0].Id;
            else if (named.Count == 0) notice = turn.Format("trainings.browse.unknownTool", CardText.Plain(argument, EchoLength));
        }
        turn.ReplyCard("trainings/list", await list.DataAsync(turn, toolId, 0, notice, ct));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        long? toolId = CardInput.TryGetId(data, "toolId", out var id) ? id : null;
        var page = CardInput.WholeNumber(data, "page") ?? 0;
        return new VerbResult.Card(turn.Card("trainings/list", await list.DataAsync(turn, toolId, page, "", ct)));
    }
}
