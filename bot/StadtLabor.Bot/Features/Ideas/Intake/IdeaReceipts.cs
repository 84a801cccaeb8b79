using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Features.Ideas.Intake;

/// <summary>
/// The message that stays in the submitter's 1:1 chat after an idea came in (the clicked card refreshes and is no
/// record): the "submitted" card in their language, through the outbox in the caller's transaction, keyed by the
/// idea, so an idea has one receipt however often its submit arrives. Needs no turn: the message extension's dialog
/// sends it as well as the chat's form.
/// </summary>
public sealed class IdeaReceipts(LabDbContext db, OutboxWriter outbox, SubmittedView view)
{
    public static string Key(long ideaId) => $"ideas.receipt:{ideaId}";

    /// <summary>Call with the idea IdeaIntake just saved (Submitted, not AlreadySubmitted), before the transaction commits.</summary>
    public async Task SendAsync(string tenantId, string userAadObjectId, string lang, Idea idea, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(idea);
        await outbox.ToUserAsync(Key(idea.Id), tenantId, userAadObjectId, Activity.Card(view.Render(lang, idea)), ct);
        await db.SaveChangesAsync(ct);
    }
}
