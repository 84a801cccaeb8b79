using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>Which ideas the list shows: open (submitted, in review, accepted), done or rejected. Merged ones never.</summary>
public enum BrowseFilter
{
    Open,
    Done,
    Rejected,
}

/// <summary>
/// "ideen" and ideas.browse {status?, page?}: the ideas of one filter, the most supported first (then the newest), ten
/// to a page, each with its number, title, status, how many support it (never who) and "Details". Typed, a word after
/// the command may name the filter ("ideen umgesetzt"). Status and page come from card data anyone can edit: what is
/// not understood shows the open ideas, a page past the end the last page; never an error.
/// </summary>
public sealed class ShowIdeas(LabDbContext db, IdeaView view) : ITurnHandler, IVerbHandler
{
    /// <summary>Rows per page: one button each, so the card stays far below Teams' message limit.</summary>
    public const int PageSize = 10;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct) =>
        turn.ReplyCard("ideas/browse", await DataAsync(turn, FilterOf(turn.CommandArgument), 0, ct));

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        new VerbResult.Card(turn.Card("ideas/browse", await DataAsync(turn, FilterOf(CardInput.Text(data, "status")), CardInput.WholeNumber(data, "page") ?? 0, ct)));

    /// <summary>The card's values ("open", "done", "rejected") and the words people type; anything else is the default.</summary>
    public static BrowseFilter FilterOf(string? value) => TextCommands.Normalize(value) switch
    {
        "done" or "umgesetzt" or "umgesetzte" or "implemented" => BrowseFilter.Done,
        "rejected" or "abgelehnt" or "abgelehnte" => BrowseFilter.Rejected,
        _ => BrowseFilter.Open,
    };

    public static string Value(BrowseFilter filter) => filter.ToString().ToLowerInvariant();

    private static IdeaStatus[] Statuses(BrowseFilter filter) => filter switch
    {
        BrowseFilter.Done => [IdeaStatus.Done],
        BrowseFilter.Rejected => [IdeaStatus.Rejected],
        _ => [IdeaStatus.Submitted, IdeaStatus.InReview, IdeaStatus.Accepted],
    };

    private async Task<JsonObject> DataAsync(TurnContext turn, BrowseFilter filter, int page, CancellationToken ct)
    {
        var statuses = Statuses(filter);
        var query = db.Ideas().AsNoTracking().Where(i => statuses.Contains(i.Status));
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 0, pages - 1);
        var rows = await query
            .OrderByDescending(i => i.SupportCount).ThenByDescending(i => i.SubmittedAtUtc).ThenByDescending(i => i.Id)
            .Skip(page * PageSize).Take(PageSize)
            .Select(i => new { i.Id, i.Title, i.Status, i.SupportCount, i.Department })
            .ToListAsync(ct);

        var lang = turn.Lang;
        var ideas = new JsonArray();
        foreach (var r in rows)
        {
            ideas.Add(new JsonObject
            {
                ["id"] = r.Id,
                ["title"] = turn.Format("ideasBrowse.ideaTitle", r.Id, CardText.Plain(r.Title, IdeaLimits.Title)),
                ["status"] = turn.Format("ideasBrowse.status", view.Status(lang, r.Status, null)),
                ["supports"] = view.Supports(lang, r.SupportCount),
                ["detailsTitle"] = turn.Format("ideasBrowse.action.details", IdeaView.Label(r.Id, r.Title)),
            });
        }
        var first = page * PageSize + 1;
        var last = page * PageSize + rows.Count;
        var key = Value(filter);
        return new JsonObject
        {
            ["status"] = key,
            ["showing"] = turn.Word("ideasBrowse.filter.showing." + key),
            ["ideas"] = ideas,
            ["isEmpty"] = rows.Count == 0,
            ["emptyText"] = turn.Word("ideasBrowse.empty." + key),
            ["hasPages"] = pages > 1,
            ["pageText"] = turn.Format("ideasBrowse.page", first, last, total),
            ["hasPrevious"] = page > 0,
            ["previousPage"] = (page - 1).ToString(CultureInfo.InvariantCulture),
            ["previousTitle"] = turn.Format("ideasBrowse.previousPage", first - PageSize, first - 1),
            ["hasNext"] = page < pages - 1,
            ["nextPage"] = (page + 1).ToString(CultureInfo.InvariantCulture),
            ["nextTitle"] = turn.Format("ideasBrowse.nextPage", last + 1, Math.Min(total, last + PageSize)),
        };
    }
}
