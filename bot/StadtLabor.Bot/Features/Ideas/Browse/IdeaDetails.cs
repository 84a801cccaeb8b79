namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>
/// An idea as staff see it, in words (the idea card's content): never who submitted or who supports it, of the history
/// only the Lotsen's public answers. <see cref="Notice"/> says what a support click did ("" for none).
/// </summary>
public sealed record IdeaDetails(long IdeaId, string Title, string Description, string Department, string Status, string Supports,
    string Notice, string Standing, bool CanSupport, string SupportTitle, bool CanUnsupport, string UnsupportTitle,
    long? TargetId, string TargetTitle, IReadOnlyList<IdeaAnswer> Answers);

/// <summary>One public answer of the Lotsen: who and when ("Digitale Lotsen am Mo., 7. Dez."), and the text.</summary>
public sealed record IdeaAnswer(string By, string Text);
