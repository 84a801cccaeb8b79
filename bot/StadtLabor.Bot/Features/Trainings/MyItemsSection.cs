using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// "meine termine" is the person's one overview: other features (lending) add a short section to it (a heading, a
/// line of counts, a button to their own card) without the trainings knowing them. Registered in DI by those features.
/// </summary>
public interface IMyItemsSection
{
    /// <summary>The section for the person of this turn, or null when they have nothing there.</summary>
    Task<MyItemsSection?> DescribeAsync(TurnContext turn, CancellationToken ct);
}

public sealed record MyItemsSection(string Heading, string Text, string ButtonTitle, string Verb);
