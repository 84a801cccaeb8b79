using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// Who is clicking: always taken from the activity Teams signed, never from the card payload, so nobody can act
/// on someone else's booking by editing a card.
/// </summary>
public sealed record Person(string AadObjectId, string TenantId, string Name, string Lang)
{
    public static Person? From(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (string.IsNullOrWhiteSpace(turn.UserAadObjectId) || string.IsNullOrWhiteSpace(turn.Activity.TenantId)) return null;
        var name = (turn.UserName ?? "").Trim();
        if (name.Length > TrainingLimits.Name) name = name[..TrainingLimits.Name];
        return new Person(turn.UserAadObjectId, turn.Activity.TenantId, name, turn.Lang);
    }
}

/// <summary>The answers every training handler gives to input it cannot use; nothing is changed.</summary>
public static class TrainingAnswers
{
    public static VerbResult UnknownUser(TurnContext turn) =>
        turn.ErrorCard(turn.Word("trainings.unknownUser"));

    public static VerbResult BadRequest(TurnContext turn) =>
        turn.ErrorCard(turn.Word("trainings.badRequest"));
}
