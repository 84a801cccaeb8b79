using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Pages;
using StadtLabor.Bot.Pages.Tab;

namespace StadtLabor.Bot.Tests.Pages;

/// <summary>
/// What the tab shell names for nested app authentication comes from the same options the server checks the token
/// against: the scope of the Application ID URI, the tenant's authority. Without a public address or a usable
/// configuration it names nothing, and the tab keeps to getAuthToken.
/// </summary>
public sealed class TabNestedAppTests
{
    private const string Tenant = "6babcaad-604b-40ac-a9d7-9fd97c0b779f";
    private const string Client = "11111111-2222-3333-4444-555555555555";

    [Fact]
    public void NestedApp_Configured_ScopeOfTheApplicationIdUriAndTenantAuthority()
    {
        var options = TabTokenOptions.From(Pages(), Bot(Tenant), "https://stadtlabor-bot.example.org/");

        Assert.Equal($"api://stadtlabor-bot.example.org/{Client}/access_as_user", options.NestedAppScope);
        Assert.Equal($"https://login.microsoftonline.com/{Tenant}", options.NestedAppAuthority);
    }

    [Theory]
    [InlineData(null, Tenant)]
    [InlineData("https://stadtlabor-bot.example.org", "")]
    [InlineData("https://stadtlabor-bot.example.org", "not-a-tenant")]
    public void NestedApp_NoPublicAddressOrTenant_NothingNamed(string? publicBaseUrl, string tenant) =>
        Assert.Null(TabTokenOptions.From(Pages(), Bot(tenant), publicBaseUrl).NestedAppScope);

    private static PagesOptions Pages() => new() { SignIn = { ClientId = Client } };

    private static BotOptions Bot(string tenant) => new() { AppId = "99999999-2222-3333-4444-555555555555", TenantId = tenant, AllowedTenants = [tenant] };
}
