using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Catalogue;

/// <summary>
/// "ausleihen" and the menu button: what the lab lends, by category, a page at a time, each item with photo,
/// description, quantity, kit parts, what it needs (training, approval) and its next free days. Typed, the words
/// after the command may name a category ("ausleihen vr"). Retired items and parts that travel only inside a kit
/// are not offered.
/// </summary>
public sealed class ShowCatalogue(CatalogueList list) : ITurnHandler, IVerbHandler
{
    /// <summary>How much of an unknown category the notice repeats.</summary>
    private const int EchoLength = 40;

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var argument = turn.CommandArgument.Trim();
        string? category = null;
        var notice = "";
        if (argument.Length > 0)
        {
            var typed = TextCommands.Normalize(argument.Length <= EchoLength * 2 ? argument : argument[..(EchoLength * 2)]);
            var categories = await list.CategoriesAsync(ct);
            var named = categories.Where(c => c.Length > 0 && TextCommands.Normalize(c) is { Length: > 0 } n
                && TextCommands.Distance(typed, n) <= TextCommands.AllowedTypos(n.Length)).ToList();
            if (named.Count == 1) category = named[0];
            else notice = turn.Format("lendingCatalogue.unknownCategory", CardText.Plain(argument, EchoLength));
        }
        turn.ReplyCard("lending/catalogue", await list.DataAsync(turn, category, 0, notice, ct));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        // "*" is the filter's "all categories" choice: category names are the lab team's free text, so no id to send.
        var category = CardInput.Text(data, "category") is { Length: > 0 } c && c != CatalogueList.AllCategories ? c : null;
        var page = CardInput.WholeNumber(data, "page") ?? 0;
        var notice = "";
        if (category is not null && !(await list.CategoriesAsync(ct)).Contains(category, StringComparer.Ordinal))
        {
            notice = turn.Format("lendingCatalogue.unknownCategory", CardText.Plain(category, EchoLength));
            category = null;
        }
        return new VerbResult.Card(turn.Card("lending/catalogue", await list.DataAsync(turn, category, page, notice, ct)));
    }
}
