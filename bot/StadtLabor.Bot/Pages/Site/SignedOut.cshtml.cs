using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Pages.Site;

/// <summary>After "Abmelden": the session cookie is gone; a link signs in again.</summary>
[NoLabRole("shown after signing out, when nobody is signed in")]
public sealed class SignedOutModel : LabPageModel
{
    public void OnGet()
    {
    }
}
