using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// The name of each session as its row buttons say it ("Details: Miro für Einsteiger"). A screen reader lists a card's
/// buttons by name, so no two rows may share one: a title that repeats on the card gets its day, then its time.
/// </summary>
public static class RowNames
{
    /// <summary>Longest title in a button; a button with a whole 120-character title wraps into a paragraph.</summary>
    public const int MaxTitle = 60;

    public static IReadOnlyList<string> For(IReadOnlyList<TrainingSession> sessions, string lang)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var titles = sessions.Select(s => CardText.Plain(s.Title, MaxTitle)).ToArray();
        string Name(int i, int level) => level switch
        {
            0 => titles[i],
            1 => $"{titles[i]}, {Wording.Day(lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(sessions[i].StartsAtUtc)))}",
            2 => $"{titles[i]}, {Wording.Moment(lang, sessions[i].StartsAtUtc)}",
            // Same title at the same minute (two rooms): numbered in list order.
            _ => $"{titles[i]}, {Wording.Moment(lang, sessions[i].StartsAtUtc)} ({(i + 1).ToString(Strings.Culture(lang))})",
        };
        var levels = new int[sessions.Count];
        var names = Enumerable.Range(0, sessions.Count).Select(i => Name(i, 0)).ToArray();
        for (var round = 0; round < 3; round++)
        {
            var repeated = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            if (repeated.Count == 0) break;
            for (var i = 0; i < names.Length; i++)
            {
                if (repeated.Contains(names[i])) names[i] = Name(i, ++levels[i]);
            }
        }
        return names;
    }
}
