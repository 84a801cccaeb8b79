using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Settings;

namespace StadtLabor.Bot.Features.Digests.Personal;

/// <summary>The card digests/personal: the period, the sections with a button per line, the acknowledgement buttons.</summary>
public sealed class PersonalDigestCard(CardRenderer cards, Strings strings)
{
    /// <summary>
    /// Lines per section on the card; the rest is counted. Eight lines of about 600 bytes each in five sections keep
    /// the card far below Teams' 28 KB, and nobody reads more in a digest.
    /// </summary>
    public const int MaxLines = 8;

    public JsonObject Render(string lang, PersonalPeriod period, IReadOnlyList<DigestSection> sections, long editionId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(sections);
        var day = DateOnly.Parse(period.Key, System.Globalization.CultureInfo.InvariantCulture);
        var periodText = period.Frequency == DigestFrequency.Daily
            ? strings.Format(lang, "digestsPersonal.periodDaily", Wording.Day(lang, day, nowUtc))
            : strings.Format(lang, "digestsPersonal.periodWeekly", Wording.Day(lang, day, nowUtc));
        return cards.Render("digests/personal", lang, new JsonObject
        {
            ["period"] = periodText,
            ["edition"] = editionId,
            ["sections"] = new JsonArray([.. sections.Select(s => (JsonNode)new JsonObject
            {
                ["heading"] = strings.Get(lang, "digestsPersonal.sections." + s.Key),
                ["lines"] = new JsonArray([.. s.Lines.Take(MaxLines).Select(l => (JsonNode)new JsonObject
                {
                    ["text"] = l.Text,
                    ["buttonTitle"] = l.ButtonTitle,
                    ["verb"] = l.Verb,
                    ["data"] = l.Data.DeepClone(),
                })]),
                ["hasMore"] = s.Lines.Count > MaxLines,
                ["more"] = s.Lines.Count > MaxLines ? strings.Format(lang, "digestsPersonal.more", s.Lines.Count - MaxLines) : "",
            })]),
        });
    }
}
