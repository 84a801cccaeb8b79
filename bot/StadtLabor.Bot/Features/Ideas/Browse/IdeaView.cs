using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>
/// An idea as staff see it (card ideas/idea), for "Details", the support buttons and "meine ideen". Reads, never
/// changes. Data minimisation: no staff card names who submitted or who supports an idea, only how many support it;
/// of the history only the Lotsen's public answers, never an internal comment.
/// </summary>
public sealed class IdeaView(LabDbContext db, Strings strings, TimeProvider time)
{
    /// <summary>Public answers on the card, newest first: enough to follow the conversation, small enough for Teams.</summary>
    public const int MaxAnswers = 5;

    /// <summary>How much of a title goes into a button (Teams cuts long button titles anyway).</summary>
    private const int ButtonTitle = 60;

    /// <summary>The refreshed idea card with an outcome line on top ("" for none), or the error card for an unknown id.</summary>
    public async Task<VerbResult> CardAsync(TurnContext turn, Person person, long ideaId, SupportOutcome? outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(person);
        if (await DetailsAsync(person.AadObjectId, turn.Lang, ideaId, outcome, ct) is not { } d) return BrowseAnswers.UnknownIdea(turn);
        return new VerbResult.Card(turn.Card("ideas/idea", new JsonObject
        {
            ["ideaId"] = d.IdeaId,
            ["title"] = d.Title,
            ["description"] = d.Description,
            ["department"] = d.Department,
            ["status"] = d.Status,
            ["supports"] = d.Supports,
            ["notice"] = d.Notice,
            ["hasNotice"] = d.Notice.Length > 0,
            ["standing"] = d.Standing,
            ["hasStanding"] = d.Standing.Length > 0,
            ["canSupport"] = d.CanSupport,
            ["supportTitle"] = d.SupportTitle,
            ["canUnsupport"] = d.CanUnsupport,
            ["unsupportTitle"] = d.UnsupportTitle,
            ["hasTarget"] = d.TargetId is not null,
            ["targetId"] = d.TargetId ?? 0,
            ["targetTitle"] = d.TargetTitle,
            ["answers"] = new JsonArray([.. d.Answers.Select(a => (JsonNode)new JsonObject { ["by"] = a.By, ["text"] = a.Text })]),
            ["hasAnswers"] = d.Answers.Count > 0,
            ["noAnswers"] = d.Answers.Count == 0,
        }));
    }

    /// <summary>
    /// The idea as the card shows it to <paramref name="user"/>, in words, with an outcome line ("" for none); null for
    /// an unknown id. The card and the page "Meine Termine &amp; Ausleihen" both read it here.
    /// </summary>
    public async Task<IdeaDetails?> DetailsAsync(string user, string lang, long ideaId, SupportOutcome? outcome, CancellationToken ct)
    {
        var idea = await db.Ideas().AsNoTracking().FirstOrDefaultAsync(i => i.Id == ideaId, ct);
        if (idea is null) return null;
        var target = idea is { Status: IdeaStatus.Merged, MergedIntoId: { } targetId }
            ? await db.Ideas().AsNoTracking().Where(i => i.Id == targetId).Select(i => new { i.Id, i.Title }).FirstOrDefaultAsync(ct)
            : null;
        var author = await db.IdeaAuthors().AsNoTracking()
            .Where(a => a.IdeaId == ideaId && a.UserAadObjectId == user)
            .Select(a => new { a.Anonymous }).FirstOrDefaultAsync(ct);
        var supporting = author is null
            && await db.IdeaSupports().AnyAsync(s => s.IdeaId == ideaId && s.UserAadObjectId == user, ct);

        var standing = (author, supporting, idea.Status.IsClosed()) switch
        {
            ({ Anonymous: true }, _, _) => strings.Get(lang, "ideasBrowse.standing.ownAnonymous"),
            ({ }, _, _) => strings.Get(lang, "ideasBrowse.standing.own"),
            (_, _, true) when target is not null => strings.Format(lang, "ideasBrowse.standing.merged", target.Id, CardText.Plain(target.Title, IdeaLimits.Title)),
            (_, _, true) => strings.Get(lang, "ideasBrowse.standing.closed"),
            (_, true, _) => strings.Get(lang, "ideasBrowse.standing.supporting"),
            _ => "",
        };
        var open = !idea.Status.IsClosed();
        var label = Label(idea.Id, idea.Title);
        return new IdeaDetails(idea.Id,
            strings.Format(lang, "ideasBrowse.ideaTitle", idea.Id, CardText.Plain(idea.Title, IdeaLimits.Title)),
            CardText.Plain(idea.Description, IdeaLimits.Description), Department(lang, idea.Department),
            Status(lang, idea.Status, idea.MergedIntoId), Supports(lang, idea.SupportCount),
            outcome is { } o ? Outcome(lang, o, idea.Status, target?.Id, target?.Title) : "", standing,
            open && author is null && !supporting, strings.Format(lang, "ideasBrowse.action.support", label),
            open && supporting, strings.Format(lang, "ideasBrowse.action.unsupport", label),
            target?.Id, target is null ? "" : strings.Format(lang, "ideasBrowse.action.target", Label(target.Id, target.Title)),
            await AnswersAsync(lang, ideaId, ct));
    }

    /// <summary>"#12 Termine online vereinbaren", shortened for a button: the number keeps two equal titles apart.</summary>
    public static string Label(long ideaId, string title) =>
        $"#{ideaId.ToString(System.Globalization.CultureInfo.InvariantCulture)} {CardText.Plain(title, ButtonTitle)}";

    public string Status(string lang, IdeaStatus status, long? mergedIntoId) => status == IdeaStatus.Merged && mergedIntoId is { } target
        ? strings.Format(lang, "ideasBrowse.mergedInto", target)
        : strings.Get(lang, "ideas.status." + status.Key());

    /// <summary>How many support it, in words (0, 1, more); never who.</summary>
    public string Supports(string lang, int count) => count switch
    {
        <= 0 => strings.Get(lang, "ideasBrowse.supports.none"),
        1 => strings.Get(lang, "ideasBrowse.supports.one"),
        _ => strings.Format(lang, "ideasBrowse.supports.other", count),
    };

    public string Department(string lang, string department) =>
        department.Length > 0 ? CardText.Plain(department, IdeaLimits.Department) : strings.Get(lang, "ideas.department.all");

    /// <summary>A day as people read it ("Mo., 7. Dez."), in Berlin.</summary>
    public string Day(string lang, DateTime utc) =>
        Wording.Day(lang, LabTime.BerlinDate(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))), time.GetUtcNow().UtcDateTime);

    /// <summary>What a click on a support button did, in words (NoSuchIdea never gets here: it is the error card).</summary>
    private string Outcome(string lang, SupportOutcome outcome, IdeaStatus status, long? targetId, string? targetTitle) => outcome switch
    {
        SupportOutcome.Added => strings.Get(lang, "ideasBrowse.outcome.added"),
        SupportOutcome.AlreadySupported => strings.Get(lang, "ideasBrowse.outcome.alreadySupported"),
        SupportOutcome.OwnIdea => strings.Get(lang, "ideasBrowse.outcome.ownIdea"),
        SupportOutcome.Closed when targetId is { } id => strings.Format(lang, "ideasBrowse.outcome.closedMerged", id, CardText.Plain(targetTitle, IdeaLimits.Title)),
        SupportOutcome.Closed => strings.Format(lang, "ideasBrowse.outcome.closed", strings.Get(lang, "ideas.status." + status.Key())),
        SupportOutcome.Removed => strings.Get(lang, "ideasBrowse.outcome.removed"),
        SupportOutcome.NotSupported => strings.Get(lang, "ideasBrowse.outcome.notSupported"),
        _ => "",
    };

    /// <summary>
    /// The Lotsen's public answers (public comments, a rejection's reason), newest first. Internal comments are never
    /// read here. The Lotse's name is shown (they answer in their role); without one, "Digitale Lotsen".
    /// </summary>
    private async Task<List<IdeaAnswer>> AnswersAsync(string lang, long ideaId, CancellationToken ct)
    {
        var events = await db.IdeaEvents().AsNoTracking()
            .Where(e => e.IdeaId == ideaId && e.Public && e.Text != "")
            .OrderByDescending(e => e.CreatedAtUtc).ThenByDescending(e => e.Id)
            .Take(MaxAnswers)
            .Select(e => new { e.Kind, e.ToStatus, e.ActorName, e.Text, e.CreatedAtUtc })
            .ToListAsync(ct);
        var answers = new List<IdeaAnswer>(events.Count);
        foreach (var e in events)
        {
            var who = e.ActorName.Trim().Length > 0 ? CardText.Plain(e.ActorName, IdeaLimits.Name) : strings.Get(lang, "ideasBrowse.answers.team");
            var by = e is { Kind: IdeaEventKind.StatusChanged, ToStatus: { } to }
                ? strings.Format(lang, "ideasBrowse.answers.byWithStatus", who, Day(lang, e.CreatedAtUtc), strings.Get(lang, "ideas.status." + to.Key()))
                : strings.Format(lang, "ideasBrowse.answers.by", who, Day(lang, e.CreatedAtUtc));
            answers.Add(new IdeaAnswer(by, CardText.Plain(e.Text, IdeaLimits.Comment)));
        }
        return answers;
    }
}
