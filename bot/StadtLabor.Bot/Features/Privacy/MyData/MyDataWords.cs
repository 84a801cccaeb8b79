using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Features.Privacy.MyData;

/// <summary>The words of one kind of personal data (privacy.data.&lt;kind&gt;), shared by the card, the page and the erase answer.</summary>
public static class MyDataWords
{
    public static string What(Strings strings, string lang, string kind) => strings.Get(lang, $"privacy.data.{kind}.what");

    public static string Why(Strings strings, string lang, string kind) => strings.Get(lang, $"privacy.data.{kind}.why");

    public static string HowLong(Strings strings, string lang, PersonalDataKind kind)
    {
        ArgumentNullException.ThrowIfNull(strings);
        ArgumentNullException.ThrowIfNull(kind);
        // "2 Jahre", not "730 Tage" (card convention: durations in words).
        var length = kind.RetentionDays is { } days ? Wording.Duration(strings, lang, TimeSpan.FromDays(days)) : "";
        return strings.Format(lang, $"privacy.data.{kind.Kind}.howLong", length);
    }

    public static string Number(string lang, int n) => n.ToString("N0", Strings.Culture(lang));

    /// <summary>What every feature holds about the person, in the order the modules are listed.</summary>
    public static async Task<IReadOnlyList<PersonalDataKind>> DescribeAllAsync(IEnumerable<IPersonalData> features, DataSubject person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(features);
        var all = new List<PersonalDataKind>();
        foreach (var feature in features) all.AddRange(await feature.DescribeAsync(person, ct));
        return all;
    }
}
