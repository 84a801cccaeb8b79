using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Ideas.Intake;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.MessageAction;

/// <summary>
/// "Als Idee einreichen" on any Teams message (manifest composeExtensions, command "submitIdea", context message).
/// Fetch: the idea form in a dialog, prefilled from the message's text (not its author: the message is usually
/// someone else's). Submit: the form is checked (errors under the fields, values kept); similar ideas come first, with
/// "Das ist meine Idee auch" (a support through <see cref="IdeaSupporting"/>) or "Meine ist anders" (the draft carried
/// on the button); otherwise the idea goes in through <see cref="IdeaIntake"/>, once per draft however often Teams
/// sends it. Teams waits 5 seconds for each answer: only database work happens here, the channel card goes out
/// through the outbox.
/// </summary>
public sealed class SubmitIdeaAction(IdeaDialogs dialogs, SimilarIdeas similarIdeas, IdeaIntake intake, IdeaReceipts receipts, IdeaSupporting supporting,
    IOptions<IdeasOptions> options) : IMessageActionHandler
{
    public Task<DialogResult> FetchAsync(TurnContext turn, JsonObject value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var text = MessageText.Of(value);
        var draft = new IdeaDraft(Guid.NewGuid().ToString("D"), MessageText.Title(text), MessageText.Description(text), "", Anonymous: false);
        return Task.FromResult(dialogs.Form(turn, draft, new Dictionary<string, string>()));
    }

    public async Task<DialogResult> SubmitAsync(TurnContext turn, JsonObject value, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        if (Person.From(turn) is not { } person) return new DialogResult.Message(turn.Word("ideasMessage.done.unknownUser"));
        var step = CardInput.Text(data, "step");
        if (step == IdeaDialogs.Steps.Support) return await SupportAsync(turn, person, data, ct);
        if (step == IdeaDialogs.Steps.Edit) return dialogs.Form(turn, AsTyped(data), new Dictionary<string, string>());

        var (draft, errors) = IdeaDraft.Read(data, options.Value);
        if (draft is null) return dialogs.Form(turn, AsTyped(data), errors);
        // "Meine ist anders" was decided with the similar ideas in view: no second look.
        if (step != IdeaDialogs.Steps.Submit)
        {
            var similar = await similarIdeas.FindAsync(draft.Title, draft.Description, ct);
            if (similar.Count > 0) return IdeaDialogs.Similar(turn, draft, similar);
        }
        var outcome = await intake.SubmitAsync(person, draft, ct);
        // The dialog closes; the receipt stays in the person's 1:1 chat, as after the chat's form.
        if (outcome is IntakeOutcome.Submitted) await receipts.SendAsync(person.TenantId, person.AadObjectId, person.Lang, outcome.Idea, ct);
        return outcome switch
        {
            IntakeOutcome.Submitted done => new DialogResult.Message(turn.Format("ideasMessage.done.submitted", done.Idea.Id,
                Wording.Day(turn.Lang, done.Idea.FirstResponseDueOn))),
            IntakeOutcome.AlreadySubmitted before => new DialogResult.Message(turn.Format("ideasMessage.done.alreadySubmitted", before.Idea.Id)),
            _ => throw new InvalidOperationException("unknown intake outcome"),
        };
    }

    private async Task<DialogResult> SupportAsync(TurnContext turn, Person person, JsonObject data, CancellationToken ct)
    {
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId)) return new DialogResult.Message(turn.Word("ideasMessage.done.noSuchIdea"));
        var key = await supporting.AddAsync(person, ideaId, ct) switch
        {
            SupportOutcome.Added => "ideasMessage.done.supported",
            SupportOutcome.AlreadySupported => "ideasMessage.done.alreadySupported",
            SupportOutcome.OwnIdea => "ideasMessage.done.ownIdea",
            SupportOutcome.Closed => "ideasMessage.done.closed",
            SupportOutcome.NoSuchIdea => "ideasMessage.done.noSuchIdea",
            var other => throw new InvalidOperationException($"AddAsync does not answer {other}"),
        };
        return new DialogResult.Message(turn.Format(key, ideaId));
    }

    /// <summary>The form's fields as sent, unchecked, to show them again (cut to what the inputs hold).</summary>
    private static IdeaDraft AsTyped(JsonObject data)
    {
        var draftId = CardInput.Text(data, "draftId");
        return new IdeaDraft(
            Guid.TryParse(draftId, out var id) ? id.ToString("D") : Guid.NewGuid().ToString("D"),
            MessageText.Cut(CardInput.Text(data, "title"), IdeaLimits.Title),
            MessageText.Cut(CardInput.Text(data, "description"), IdeaLimits.Description),
            MessageText.Cut(CardInput.Text(data, "department"), IdeaLimits.Department),
            CardInput.Flag(data, "anonymous"));
    }
}
