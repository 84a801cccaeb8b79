using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Features.Surveys.Results;

/// <summary>What a chart link names: the question, the breakdown slot (0..4) and the language of the chart's words.</summary>
public sealed record ChartTarget(long QuestionId, int Slot, string Lang)
{
    /// <summary>Packed into the grant's one number: question × 100 + slot × 10 + language (0 de, 1 en). No figures.</summary>
    public long Pack() => QuestionId * 100 + Slot * 10 + (Lang == Strings.English ? 1 : 0);

    public static ChartTarget? Unpack(long target)
    {
        var (question, rest) = (target / 100, target % 100);
        var (slot, lang) = ((int)(rest / 10), rest % 10);
        return question > 0 && slot is >= 0 and <= SurveyLimits.MaxBreakdowns && lang is 0 or 1
            ? new ChartTarget(question, slot, lang == 1 ? Strings.English : Strings.German)
            : null;
    }
}

/// <summary>
/// Signed links to result charts, made for one person (tenant and object id in the link) with the results role.
/// The image endpoint asks the RoleGate again on every request and recomputes the figures, so the link carries no
/// figure and is worth nothing to someone who lost the role.
/// Valid <see cref="Validity"/>: Teams loads a card's image whenever the card is drawn, also when the person scrolls
/// back to it days later, and a refreshed card is not sent again; 7 days cover a working week of looking at the same
/// card. The risk of the longer life is small: the image shows only figures the small-group rule let through, the
/// holder's role is checked at every load, and when the link has run out the same figures still stand as text on the
/// card ("Ergebnisse neu laden" makes a fresh link).
/// </summary>
public sealed class ChartLinks(DownloadLinks links)
{
    public const string Path = "charts/surveys/{0}.png";
    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    public static LinkGrant Grant(LabUser person, ChartTarget target, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(target);
        return new(LinkPurpose.SurveyChart, target.Pack(), LinkHolder.Subject(person.TenantId, person.AadObjectId), nowUtc.Add(Validity));
    }

    /// <summary>Null while the link key is not loaded.</summary>
    public string? Url(LabUser person, ChartTarget target, DateTime nowUtc) => links.Url(Grant(person, target, nowUtc), Path);
}
