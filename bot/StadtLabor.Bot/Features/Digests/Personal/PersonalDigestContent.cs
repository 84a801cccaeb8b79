using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Digest;
using StadtLabor.Bot.Features.Lending.Digest;
using StadtLabor.Bot.Features.Surveys.Digest;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Digest;

namespace StadtLabor.Bot.Features.Digests.Personal;

/// <summary>One line of the digest: what it says and its one button (an existing verb of the feature it comes from).</summary>
public sealed record DigestLine(string Text, string ButtonTitle, string Verb, JsonObject Data);

/// <summary>A heading with its lines; empty sections are left out of the card.</summary>
public sealed record DigestSection(string Key, IReadOnlyList<DigestLine> Lines);

/// <summary>
/// What a personal digest holds, for many people at once (one query per feature and batch, not per person): my
/// trainings in the window, seats offered to me, my loans overdue / to return / to pick up, my ideas' status changes
/// since the last edition, surveys I have not answered. Each feature answers through its own small query class.
/// </summary>
public sealed class PersonalDigestContent(
    PersonalTrainings trainings, PersonalLoans loans, PersonalIdeaChanges ideas, PersonalSurveys surveys, Strings strings)
{
    public sealed record Facts(
        ILookup<string, PersonalTraining> Trainings, ILookup<string, PersonalLoan> Loans,
        ILookup<string, PersonalIdeaChange> Ideas, ILookup<string, PersonalSurvey> Surveys);

    public async Task<Facts> ReadAsync(IReadOnlyCollection<string> users, PersonalPeriod period, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        return new Facts(
            await trainings.ForAsync(users, nowUtc, period.AheadUntilUtc, ct),
            await loans.ForAsync(users, nowUtc, period.AheadUntilUtc, ct),
            await ideas.ForAsync(users, period.SinceUtc, nowUtc, ct),
            await surveys.ForAsync(users, ct));
    }

    /// <summary>The person's sections in <paramref name="lang"/>; none when there is nothing (then no digest is sent).</summary>
    public IReadOnlyList<DigestSection> Sections(Facts facts, string user, string lang, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(facts);
        string F(string key, params object?[] args) => strings.Format(lang, "digestsPersonal." + key, args);
        static JsonObject Data(string name, long id) => new() { [name] = id };

        var mine = facts.Trainings[user].ToList();
        var sections = new List<DigestSection>
        {
            new("offers", [.. mine.Where(t => t.IsOffer).Select(t => new DigestLine(
                F("line.offer", CardText.Plain(t.ToolName), TrainingTime.Span(lang, t.StartsAtUtc, t.EndsAtUtc), Wording.Moment(lang, t.OfferExpiresAtUtc!.Value, nowUtc)),
                F("button.accept", Short(t, lang)), "trainings.accept", Data("sessionId", t.SessionId)))]),
            new("trainings", [.. mine.Where(t => !t.IsOffer).Select(t => new DigestLine(
                F("line.training", CardText.Plain(t.ToolName), TrainingTime.Span(lang, t.StartsAtUtc, t.EndsAtUtc)),
                F("button.details", Short(t, lang)), "trainings.detail", Data("sessionId", t.SessionId)))]),
            new("lending", [.. facts.Loans[user].Select(l => Loan(l, lang, nowUtc, F))]),
            new("ideas", [.. facts.Ideas[user].Select(i => new DigestLine(
                F("line.idea", CardText.Plain(i.Title), strings.Get(lang, "ideas.status." + i.Status.Key())),
                F("button.idea", CardText.Plain(i.Title)), "ideas.show", Data("ideaId", i.IdeaId)))]),
            new("surveys", [.. facts.Surveys[user].Select(s => new DigestLine(
                F("line.survey", Title(s, lang), Wording.Day(lang, s.ClosesOn, nowUtc)),
                F("button.answer", Title(s, lang)), "surveys.answer", Data("waveId", s.WaveId)))]),
        };
        return [.. sections.Where(s => s.Lines.Count > 0)];
    }

    /// <summary>A button's object: the tool and the day, so two buttons of one card never have the same name.</summary>
    private static string Short(PersonalTraining t, string lang) =>
        $"{CardText.Plain(t.ToolName)}, {Wording.Day(lang, DateOnly.FromDateTime(TrainingTime.ToBerlin(t.StartsAtUtc)))}";

    private string Title(PersonalSurvey s, string lang)
    {
        var plain = CardText.Plain(s.Title);
        return s.WaveNumber > 1 ? strings.Format(lang, "surveysAnswer.waveTitle", plain, s.WaveNumber) : plain;
    }

    private static DigestLine Loan(PersonalLoan l, string lang, DateTime nowUtc, Func<string, object?[], string> f)
    {
        var item = l.Quantity > 1 ? $"{CardText.Plain(l.ItemName)} ×{l.Quantity}" : CardText.Plain(l.ItemName);
        var when = Wording.Moment(lang, l.AtUtc, nowUtc);
        var reservation = new JsonObject { ["reservationId"] = l.ReservationId };
        return l.Kind switch
        {
            PersonalLoanKind.Overdue => new DigestLine(f("line.overdue", [item, when]), f("button.loans", [item]), "lending.mine", []),
            PersonalLoanKind.ReturnDue => new DigestLine(f("line.returnDue", [item, when]), f("button.extend", [item]), "lending.extend", reservation),
            _ => new DigestLine(f("line.pickup", [item, when]), f("button.loans", [item]), "lending.mine", []),
        };
    }
}
