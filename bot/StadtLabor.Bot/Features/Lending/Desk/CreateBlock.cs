using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>
/// "Sperren" (lab team): the block (<see cref="RecordBlock"/>, shared with the desk page), answered with the block
/// form again (messages under the fields, or the question naming the reservations it would hit, answered by
/// "Trotzdem sperren" with the same fields and confirmed) or with the list of blocks and what was done.
/// </summary>
public sealed class CreateBlock(BlockForm form, BlockList blocks, RecordBlock block, ServeCheck serve) : IVerbHandler
{
    public static string ReasonValue(MaintenanceReason reason) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Features.Trainings.Person.From(turn) is not { } person) return DeskAnswers.UnknownUser(turn);
        return await block.RunAsync(data, person.AadObjectId, turn.Lang, ct) switch
        {
            BlockOutcome.Invalid(var errors) => new VerbResult.Card(await form.CardAsync(turn, data, errors, null, "", ct)),
            BlockOutcome.Already => new VerbResult.Card(await blocks.CardAsync(turn, turn.Word("lendingDesk.blockForm.already"), ct)),
            BlockOutcome.NeedsConfirmation(var affected) => new VerbResult.Card(await form.CardAsync(turn, data, new Dictionary<string, string>(),
                await serve.LinesAsync(affected, turn.Lang, ct), "", ct)),
            BlockOutcome.Blocked(var name, var affected) => new VerbResult.Card(await blocks.CardAsync(turn, affected == 0
                ? turn.Format("lendingDesk.blockForm.done", name)
                : turn.Format("lendingDesk.blockForm.doneTold", name, affected), ct)),
            _ => DeskAnswers.BadRequest(turn),
        };
    }
}
