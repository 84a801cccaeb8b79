using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>What the catalogue cards know about a set of items besides the items themselves, read in three queries.</summary>
/// <param name="Parts">Kit id → its parts by name with the count the kit needs.</param>
/// <param name="ToolNames">Training tool id → name, for "nur nach Einweisung".</param>
/// <param name="AttendedTools">Tools of which this person attended a session (marked present).</param>
public sealed record ItemContext(
    IReadOnlyDictionary<long, List<(string Name, int Count)>> Parts,
    IReadOnlyDictionary<long, string> ToolNames,
    IReadOnlySet<long> AttendedTools);

/// <summary>
/// How the catalogue, the item card and "Was ist frei?" show an item: photo, description, quantity, kit parts, the
/// training it needs (and whether this person has it), approval. One place, so the three cards say it alike.
/// </summary>
public sealed class CatalogueView(LabDbContext db, Strings strings, IOptions<LendingOptions> options, TimeProvider time)
{
    /// <summary>Longest name on a button ("Details: …"), so a title stays one line on a phone.</summary>
    public const int MaxButtonName = 60;

    /// <summary>A row of the catalogue shows the start of the description; the item card shows all of it.</summary>
    public const int ShortDescription = 200;

    /// <summary>Names and categories in the order a German reader expects (the databases sort differently, so we sort here).</summary>
    public static readonly StringComparer NameOrder = StringComparer.Create(CultureInfo.GetCultureInfo("de-DE"), CompareOptions.IgnoreCase);

    public LendingOptions Options => options.Value;

    public DateTime NowUtc => time.GetUtcNow().UtcDateTime;

    /// <summary>What staff may borrow: not retired, and not a part that only travels inside a kit.</summary>
    public IQueryable<LendingItem> Offered() =>
        db.LendingItems().AsNoTracking().Where(i => i.RetiredAtUtc == null && i.LendableAlone);

    /// <summary>Kit parts, training tools and the person's attended trainings for these items.</summary>
    public async Task<ItemContext> ContextAsync(TurnContext turn, IReadOnlyCollection<LendingItem> items, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(items);
        var kitIds = items.Where(i => i.IsKit).Select(i => i.Id).ToList();
        var parts = kitIds.Count == 0 ? [] : await db.KitParts().AsNoTracking().Where(p => kitIds.Contains(p.KitId))
            .Join(db.LendingItems(), p => p.PartId, i => i.Id, (p, i) => new { p.KitId, i.Name, p.Count })
            .ToListAsync(ct);
        var toolIds = items.Where(i => i.RequiredToolId is not null).Select(i => i.RequiredToolId!.Value).Distinct().ToList();
        var tools = toolIds.Count == 0 ? [] : await db.TrainingTools().AsNoTracking().Where(t => toolIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        var user = turn.UserAadObjectId ?? "";
        var attended = toolIds.Count == 0 || user.Length == 0 ? [] : await db.TrainingRegistrations().AsNoTracking()
            .Where(r => r.UserAadObjectId == user && r.Attendance == Attendance.Present)
            .Join(db.TrainingSessions(), r => r.SessionId, s => s.Id, (r, s) => s.ToolId)
            .Where(toolId => toolIds.Contains(toolId)).Distinct().ToListAsync(ct);
        return new ItemContext(
            parts.GroupBy(p => p.KitId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Name, NameOrder).Select(p => (p.Name, p.Count)).ToList()),
            tools.ToDictionary(t => t.Id, t => t.Name),
            attended.ToHashSet());
    }

    /// <summary>The item's fields every catalogue card shows (data of one row or of the item card).</summary>
    public JsonObject Describe(TurnContext turn, LendingItem item, ItemContext context, int descriptionLength)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var name = CardText.Plain(item.Name, LendingLimits.Name);
        var buttonName = CardText.Plain(item.Name, MaxButtonName);
        var photo = PhotoUrl(item.PhotoUrl);
        var description = CardText.Plain(item.Description, descriptionLength);
        var parts = context.Parts.GetValueOrDefault(item.Id) ?? [];
        var partsText = string.Join(", ", parts.Select(p => turn.Format("lendingCatalogue.partCount", p.Count, CardText.Plain(p.Name, LendingLimits.Name))));
        var toolName = item.RequiredToolId is { } toolId ? context.ToolNames.GetValueOrDefault(toolId) : null;
        var attended = item.RequiredToolId is { } tool && context.AttendedTools.Contains(tool);
        return new JsonObject
        {
            ["id"] = item.Id.ToString(CultureInfo.InvariantCulture),
            ["name"] = name,
            ["photoUrl"] = photo,
            ["hasPhoto"] = photo.Length > 0,
            ["photoAlt"] = turn.Format("lendingCatalogue.photoOf", name),
            ["description"] = description,
            ["hasDescription"] = description.Length > 0,
            ["quantity"] = item.Quantity == 1
                ? turn.Word("lendingCatalogue.quantity.one")
                : turn.Format("lendingCatalogue.quantity.other", item.Quantity),
            ["kitParts"] = partsText.Length > 0 ? turn.Format("lendingCatalogue.kitParts", partsText) : "",
            ["hasKitParts"] = partsText.Length > 0,
            ["needsTraining"] = toolName is not null,
            ["training"] = toolName is null ? "" : turn.Format("lendingCatalogue.training.needed", CardText.Plain(toolName)),
            ["trainingState"] = toolName is null ? "" : turn.Word(attended ? "lendingCatalogue.training.attended" : "lendingCatalogue.training.missing"),
            ["canFindTraining"] = toolName is not null && !attended,
            ["trainingToolId"] = item.RequiredToolId?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["findTrainingTitle"] = turn.Format("lendingCatalogue.training.findOf", buttonName),
            ["needsApproval"] = item.NeedsApproval,
            ["approval"] = item.NeedsApproval ? turn.Word("lendingCatalogue.approval") : "",
            ["detailsTitle"] = turn.Format("lendingCatalogue.detailsOf", buttonName),
            ["reserveTitle"] = turn.Format("lendingCatalogue.reserveOf", buttonName),
        };
    }

    /// <summary>The lab's opening hours in one sentence, with the closed days said.</summary>
    public string Hours(string lang) => strings.Format(lang, "lendingCatalogue.hours", OpenDays.HoursText(strings, lang, Options));

    /// <summary>"Mo., 7. Dez., Di., 8. Dez." for the given days.</summary>
    public string Days(string lang, IEnumerable<DateOnly> days) =>
        string.Join(", ", days.Select(d => Wording.Day(lang, d, NowUtc)));

    /// <summary>Words of the category, "Sonstiges" for none.</summary>
    public string CategoryName(string lang, string category) =>
        category.Length == 0 ? strings.Get(lang, "lendingCatalogue.otherCategory") : CardText.Plain(category, LendingLimits.Category);

    /// <summary>
    /// The photo as the card shows it: only an absolute http(s) address (the lab team's link or the bot's own photo
    /// address); anything else shows no image rather than a broken one or a script.
    /// </summary>
    public static string PhotoUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : "";

    /// <summary>The shared error card for input the catalogue cannot use; nothing is changed.</summary>
    public static VerbResult Error(TurnContext turn, string wordKey)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return turn.ErrorCard(turn.Word(wordKey));
    }
}
