using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Pages;

/// <summary>Checks the "Pages" section at start-up; each message names the key an administrator has to change.</summary>
internal sealed class PagesOptionsValidator(IHostEnvironment environment, IOptions<BotOptions> bot) : IValidateOptions<PagesOptions>
{
    public ValidateOptionsResult Validate(string? name, PagesOptions o)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.DevelopmentSignInObjectId) && !environment.IsDevelopment())
            errors.Add($"Pages:DevelopmentSignInObjectId is set in the '{environment.EnvironmentName}' environment; the sign-in without Entra is allowed only in Development. Remove Pages__DevelopmentSignInObjectId.");
        if (o.SessionMinutes is < 5 or > 24 * 60)
            errors.Add($"Pages:SessionMinutes is {o.SessionMinutes}; use 5 to 1440 (idle minutes until a page session ends).");
        if (!o.RequireHttps && !environment.IsDevelopment() && !(o.SignIn.Enabled && Loopback(o.SignIn.Instance)))
            errors.Add("Pages:RequireHttps=false is accepted only for a loopback sign-in (tests) or in Development: behind a real Entra the session cookie must be Secure.");
        if (o.SignIn.Enabled)
        {
            if (!Uri.TryCreate(o.SignIn.Instance, UriKind.Absolute, out var instance))
                errors.Add($"Pages:SignIn:Instance '{o.SignIn.Instance}' is not an absolute URL (default https://login.microsoftonline.com).");
            else if (instance.Scheme != Uri.UriSchemeHttps && (o.SignIn.RequireHttpsMetadata || !SecurityChecks.IsLoopback(instance)))
                errors.Add("Pages:SignIn:Instance must use https; Pages:SignIn:RequireHttpsMetadata=false is accepted only for a loopback URL (local test issuer).");
            var clientId = string.IsNullOrWhiteSpace(o.SignIn.ClientId) ? bot.Value.AppId : o.SignIn.ClientId;
            if (!Guid.TryParse(clientId, out _))
                errors.Add("Pages:SignIn:ClientId is not a GUID (empty means Bot:AppId): the client id of the Entra app registration used for sign-in.");
            if (!Guid.TryParse(bot.Value.TenantId, out _))
                errors.Add("Pages:SignIn:Enabled needs Bot:TenantId (single-tenant sign-in against the city's own Entra).");
            if (string.IsNullOrWhiteSpace(o.SignIn.ClientSecret) && string.IsNullOrWhiteSpace(bot.Value.Credential.ClientSecret))
                errors.Add("Pages:SignIn:Enabled needs a client secret: Pages__SignIn__ClientSecret, or Bot__Credential__ClientSecret when the bot uses one.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool Loopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && SecurityChecks.IsLoopback(u);
}
