using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Intake;

/// <summary>
/// The last step of both ways to submit from the chat ("Weiter" when nothing similar exists, "Meine ist anders"):
/// the draft goes through IdeaIntake (the one way in; the same draft again makes no second idea), a new idea leaves
/// its receipt in the person's chat in the same transaction, and the answer is the "submitted" card either way.
/// </summary>
public sealed class HandIn(IdeaIntake intake, IdeaReceipts receipts, SubmittedView view)
{
    public async Task<VerbResult> SubmitAsync(TurnContext turn, Person person, IdeaDraft draft, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(person);
        var outcome = await intake.SubmitAsync(person, draft, ct);
        // A re-delivery or a double click found the idea it made: that one had its receipt.
        if (outcome is IntakeOutcome.Submitted submitted)
            await receipts.SendAsync(person.TenantId, person.AadObjectId, person.Lang, submitted.Idea, ct);
        return new VerbResult.Card(view.Render(turn.Lang, outcome.Idea));
    }

    public static VerbResult UnknownUser(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return turn.ErrorCard(turn.Word("ideasIntake.unknownUser"));
    }
}
