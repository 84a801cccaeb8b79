using System.Security.Claims;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Pages;

namespace StadtLabor.Bot.Tests.Pages;

/// <summary>
/// What a page session keeps of Entra's token: object id, tenant, name, and the UPN that roles given by UPN need, as
/// the bot knows it from the connector (userPrincipalName); the role check then reads it like the development sign-in's.
/// </summary>
public sealed class SessionPrincipalTests
{
    private const string Tenant = "9a8b7c6d-1111-4222-8333-444455556666";
    private const string Issuer = "https://login.microsoftonline.com/" + Tenant + "/v2.0";
    private const string MiaId = "0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61";

    private static ClaimsPrincipal Token(params (string Type, string Value)[] extra) =>
        new(new ClaimsIdentity([new Claim("oid", MiaId), new Claim("tid", Tenant), new Claim("name", "Muster, Mia"), new Claim("iss", Issuer),
            .. extra.Select(c => new Claim(c.Type, c.Value))], "AuthenticationTypes.Federation"));

    private static string? SessionUpn(ClaimsPrincipal token, bool keepUpn = true) =>
        SessionPrincipal.From(token, [Tenant], keepUpn)?.FindFirst(SessionPrincipal.UpnClaim)?.Value;

    [Theory]
    [InlineData("mia.muster@stadt-soest.de", null, "mia.muster@stadt-soest.de")]          // ID token without the optional claim
    [InlineData("mia.alt@stadt-soest.de", "Mia.Muster@stadt-soest.de", "Mia.Muster@stadt-soest.de")] // upn wins
    [InlineData(null, "mia.muster@stadt-soest.de", "mia.muster@stadt-soest.de")]           // v1 token or optional claim only
    [InlineData("+49 2921 1030", null, null)]                                             // a phone number is no UPN
    [InlineData(null, null, null)]
    public void From_MemberOfTheTenant_UpnFromUpnElsePreferredUsername(string? preferred, string? upn, string? expected)
    {
        var claims = new List<(string, string)>();
        if (preferred is not null) claims.Add(("preferred_username", preferred));
        if (upn is not null) claims.Add(("upn", upn));

        Assert.Equal(expected, SessionUpn(Token([.. claims])));
    }

    [Fact]
    public void From_NoUpnRolesConfigured_SessionKeepsNoUpn()
    {
        var session = SessionPrincipal.From(Token(("upn", "mia.muster@stadt-soest.de"), ("email", "mia@stadt-soest.de")), [Tenant], keepUpn: false)!;

        Assert.Equal(new[] { "oid", "tid", "name" }, session.Claims.Select(c => c.Type));
    }

    [Fact]
    public void From_Guest_HomeAddressIgnored_OnlyTheGuestUpnOfThisTenant()
    {
        // A guest's preferred_username is the address at home, which the bot never sees as a UPN: it must not pick up
        // a role given to that name. The guest UPN of this tenant (as the connector reports it) still counts.
        const string Home = "https://login.microsoftonline.com/0f0f0f0f-0000-4000-8000-00000000beef/v2.0";
        Assert.Null(SessionUpn(Token(("idp", Home), ("preferred_username", "mia.muster@stadt-soest.de"))));
        Assert.Null(SessionUpn(Token(("idp", "live.com"), ("upn", "mia.muster@stadt-soest.de"))));
        Assert.Equal("mia_partner.de#EXT#@stadtsoest.onmicrosoft.com",
            SessionUpn(Token(("idp", Home), ("upn", "mia_partner.de#EXT#@stadtsoest.onmicrosoft.com"))));
        // An idp equal to the issuer is a member of the tenant.
        Assert.Equal("mia.muster@stadt-soest.de", SessionUpn(Token(("idp", Issuer), ("preferred_username", "mia.muster@stadt-soest.de"))));
    }

    [Fact]
    public void From_SessionUpn_ReachesTheRoleCheckAsTheUsersUpn()
    {
        var session = SessionPrincipal.From(Token(("preferred_username", " Mia.Muster@Stadt-Soest.de ")), [Tenant], keepUpn: true)!;

        var user = EndpointRoles.UserFrom(session, [Tenant]);

        Assert.Equal(MiaId, user!.AadObjectId);
        Assert.Equal("Mia.Muster@Stadt-Soest.de", user.Upn);
    }

    [Fact]
    public void From_TenantNotAllowedOrNoObjectId_NoSession()
    {
        Assert.Null(SessionPrincipal.From(Token(), ["0f0f0f0f-0000-4000-8000-00000000beef"], keepUpn: true));
        Assert.Null(SessionPrincipal.From(new ClaimsPrincipal(new ClaimsIdentity([new Claim("tid", Tenant)], "x")), [Tenant], keepUpn: true));
    }
}
