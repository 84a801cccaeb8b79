namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// What a Lotsen change did, for whoever asked (the card's handler, the ideas board page): whether it changed the idea,
/// and the line that says so (or why not: already so, a colleague was quicker, closed, a step not allowed). The core
/// of each change (AssignIdea, ChangeStatus, CommentIdea) returns it, so card and page run the same rule.
/// </summary>
public sealed record TriageOutcome(bool Changed, TriageNotice Notice)
{
    public static TriageOutcome Did(TriageNotice notice) => new(true, notice);

    public static TriageOutcome Not(TriageNotice notice) => new(false, notice);
}

/// <summary>A text a Lotse wrote (a reason, a comment) as the rules see it: fine, missing where required, or too long.</summary>
public enum TriageText
{
    Fine,
    Missing,
    TooLong,
}
