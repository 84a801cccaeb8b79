using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Site;

/// <summary>The start address: everyone begins at "Meine Termine &amp; Ausleihen"; the header leads on.</summary>
[LabRole(Role.Staff)]
public sealed class IndexModel : LabPageModel
{
    public IActionResult OnGet() => Redirect("/meine");
}
