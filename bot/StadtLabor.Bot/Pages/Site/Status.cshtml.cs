using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Hosting;

namespace StadtLabor.Bot.Pages.Site;

/// <summary>
/// What a person sees instead of a bare status code: "Bitte anmelden", "Keine Berechtigung", "Nicht gefunden",
/// "Ungültige Anfrage". The status code stays (re-executed by UseStatusCodePagesWithReExecute).
/// </summary>
[NoLabRole("shows why a request was refused; says nothing about the refused page")]
// A refused POST (no session, role missing) is re-executed here as a POST without a valid token for this page: the
// anti-forgery check would turn the 403 into a 400. The page changes nothing, so there is nothing to forge.
[IgnoreAntiforgeryToken]
public sealed class StatusModel : LabPageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";
    public string Back { get; private set; } = "/";

    public void OnGet(int code) => Describe(code);

    // A refused form POST is re-executed as a POST: it gets the same explanation.
    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        Code = Response.StatusCode is >= 400 and < 600 ? Response.StatusCode : code;
        var key = Code switch
        {
            401 => "signIn",
            403 => W.User is null ? "signIn" : "forbidden",
            404 => "notFound",
            400 => "badRequest",
            _ => "other",
        };
        Title = W[$"status.{key}.title"];
        Text = W[$"status.{key}.text"];
        Back = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } original ? SignInEndpoints.SafeTarget(original.OriginalPath) : "/";
    }
}
