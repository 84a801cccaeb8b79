using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages;

/// <summary>
/// The base of every page model: words in the person's language (<see cref="W"/>), the signed-in person
/// (<see cref="Person"/>), a notice shown once after a redirect (<see cref="Notice"/>), and the error summary's
/// entries (ModelState, rendered by _ErrorSummary). The role is declared on the subclass: [LabRole(Role.X)].
/// </summary>
public abstract class LabPageModel : PageModel
{
    private PageWords? words;

    public PageWords W => words ??= HttpContext.RequestServices.GetRequiredService<PageWords>();

    /// <summary>The signed-in person; the role middleware let nobody else through to a page that declares a role.</summary>
    public LabUser Person => W.User ?? throw new InvalidOperationException("A page with a role always has a signed-in person.");

    /// <summary>One line shown at the top after a redirect ("Gespeichert."), read once.</summary>
    [TempData]
    public string? Notice { get; set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await W.LoadAsync(HttpContext.RequestAborted);
        await next();
    }

    /// <summary>After a successful POST: the notice for the next page, then a redirect (so a reload does not post again).</summary>
    protected RedirectResult Done(string notice, string target)
    {
        Notice = notice;
        return Redirect(SignInEndpoints.SafeTarget(target));
    }

    /// <summary>ViewData key: the fields in the order their problems were found, for the error summary.</summary>
    public const string ProblemOrder = "ProblemOrder";

    /// <summary>
    /// An error for the summary and beside the field (its id = the input's id). The summary lists them in the order
    /// found (each page checks in the form's order): ModelState would list them by the length of the field's name.
    /// </summary>
    protected void Problem(string field, string message)
    {
        ModelState.AddModelError(field, message);
        if (ViewData[ProblemOrder] is not List<string> order) ViewData[ProblemOrder] = order = [];
        if (!order.Contains(field)) order.Add(field);
    }
}
