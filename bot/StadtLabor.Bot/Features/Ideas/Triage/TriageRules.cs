namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// The one owner of which status may follow which: eingereicht → in Prüfung, angenommen or abgelehnt; in Prüfung →
/// angenommen or abgelehnt; angenommen → umgesetzt or abgelehnt; closed ideas change no more. Merging is its own use
/// case (MergeIdea), never a status button.
/// </summary>
public static class TriageRules
{
    public static IReadOnlyList<IdeaStatus> Next(IdeaStatus from) => from switch
    {
        IdeaStatus.Submitted => [IdeaStatus.InReview, IdeaStatus.Accepted, IdeaStatus.Rejected],
        IdeaStatus.InReview => [IdeaStatus.Accepted, IdeaStatus.Rejected],
        IdeaStatus.Accepted => [IdeaStatus.Done, IdeaStatus.Rejected],
        _ => [],
    };

    public static bool Allows(IdeaStatus from, IdeaStatus to) => Next(from).Contains(to);

    /// <summary>A status as the cards send it ("inReview"); only the ones a button may ask for (not "merged", not "submitted").</summary>
    public static IdeaStatus? Parse(string value) =>
        Enum.GetValues<IdeaStatus>().Where(s => s is not IdeaStatus.Submitted and not IdeaStatus.Merged)
            .Select(s => (IdeaStatus?)s).FirstOrDefault(s => s!.Value.Key() == value);

    /// <summary>The open ideas the Lotsen work on (the queue).</summary>
    public static bool InQueue(IdeaStatus status) => status is IdeaStatus.Submitted or IdeaStatus.InReview;
}
