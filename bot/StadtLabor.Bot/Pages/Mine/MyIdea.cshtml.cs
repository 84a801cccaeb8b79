using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Browse;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using Clicker = StadtLabor.Bot.Features.Trainings.Person;

namespace StadtLabor.Bot.Pages.Mine;

/// <summary>
/// /meine/ideen/{id}: one idea as the staff card "Details" shows it (<see cref="IdeaView.DetailsAsync"/>, the card's
/// own reader): title, text, status, how many support it, the Lotsen's public answers, never an internal comment nor
/// who submitted or supports it. Any idea the card shows is shown here, for everyone; the Lotsen's board (/ideen) stays
/// theirs. Supporting and withdrawing go through <see cref="IdeaSupporting"/> like the card's buttons; the person is
/// the session's, so an edited id only supports or withdraws for the person themselves.
/// </summary>
[LabRole(Role.Staff)]
public sealed class MyIdeaModel(IdeaView view, IdeaSupporting supporting) : LabPageModel
{
    public IdeaDetails Idea { get; private set; } = null!;

    /// <summary>Why the last click changed nothing (shown once, as a warning rather than a success notice).</summary>
    [TempData]
    public string? Refusal { get; set; }

    public static string PathOf(long ideaId) => FormattableString.Invariant($"{MineModel.Route}/ideen/{ideaId}");

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await view.DetailsAsync(Person.AadObjectId, W.Lang, id, null, HttpContext.RequestAborted) is not { } idea) return NotFound();
        Idea = idea;
        return Page();
    }

    public async Task<IActionResult> OnPostSupportAsync(long id) =>
        await AnsweredAsync(id, await supporting.AddAsync(Me, id, HttpContext.RequestAborted), SupportOutcome.Added);

    public async Task<IActionResult> OnPostUnsupportAsync(long id) =>
        await AnsweredAsync(id, await supporting.RemoveAsync(Me, id, HttpContext.RequestAborted), SupportOutcome.Removed);

    /// <summary>Back to the idea with the card's outcome line: as a notice when the click changed something, else as a warning.</summary>
    private async Task<IActionResult> AnsweredAsync(long id, SupportOutcome outcome, SupportOutcome success)
    {
        if (await view.DetailsAsync(Person.AadObjectId, W.Lang, id, outcome, HttpContext.RequestAborted) is not { } idea) return NotFound();
        if (outcome == success) return Done(idea.Notice, PathOf(id));
        Refusal = idea.Notice;
        return Redirect(PathOf(id));
    }

    private Clicker Me => new(Person.AadObjectId, Person.TenantId, MineModel.Shortened(W.DisplayName), W.Lang);
}
