using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Downloads;
using StadtLabor.Bot.Tests.Jobs;

namespace StadtLabor.Bot.Tests.Downloads;

public sealed class DownloadLinksTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly FakeClock _clock = new(FakeClock.Utc(2026, 12, 8, 9));

    private DownloadLinks Links(string key = "", string baseUrl = LinkOptions.DefaultBaseUrl)
    {
        var options = Options.Create(new LinkOptions { Key = key.Length > 0 ? key : Key, PublicBaseUrl = baseUrl });
        var linkKey = new LinkKey(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), options, _clock);
        linkKey.LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new DownloadLinks(linkKey, options, _clock);
    }

    private LinkGrant Grant() => new(LinkPurpose.Calendar, 42, "17", _clock.Now.UtcDateTime.AddHours(2));

    [Fact]
    public void Read_GenuineToken_GivesTheGrant()
    {
        var links = Links();
        var grant = links.Read(links.Token(Grant()), LinkPurpose.Calendar);
        Assert.NotNull(grant);
        Assert.Equal((42L, "17"), (grant.TargetId, grant.Subject));
    }

    [Fact]
    public void Read_AnyCharacterChanged_IsRefused()
    {
        var links = Links();
        var token = links.Token(Grant())!;
        for (var i = 0; i < token.Length; i++)
        {
            // Both neighbours, so a change of only the lowest bit (the unused bits of the last character) is tried too.
            foreach (var other in new[] { token[i] == 'A' ? 'B' : 'A', token[i] == 'Q' ? 'R' : 'Q' })
            {
                var changed = token[..i] + other + token[(i + 1)..];
                Assert.Null(links.Read(changed, LinkPurpose.Calendar));
            }
        }
    }

    [Fact]
    public void Read_PayloadRewrittenWithOldSignature_IsRefused()
    {
        var links = Links();
        var token = links.Token(Grant())!;
        var forgedPayload = WebEncoders.Base64UrlEncode("1|1|43|17|4102444800"u8.ToArray());
        Assert.Null(links.Read(forgedPayload + token[^43..], LinkPurpose.Calendar));
    }

    [Fact]
    public void Read_SignedWithAnotherKey_IsRefused()
    {
        var other = Links(Convert.ToBase64String(new byte[32]));
        Assert.Null(Links().Read(other.Token(Grant()), LinkPurpose.Calendar));
    }

    [Fact]
    public void Read_Expired_IsRefused()
    {
        var links = Links();
        var token = links.Token(Grant());
        _clock.Now = _clock.Now.AddHours(2);
        Assert.Null(links.Read(token, LinkPurpose.Calendar));
    }

    [Fact]
    public void Read_OtherPurpose_IsRefused()
    {
        var links = Links();
        Assert.Null(links.Read(links.Token(Grant()), LinkPurpose.Export));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("not base64 at all!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Read_Garbage_IsRefused(string? token) => Assert.Null(Links().Read(token, LinkPurpose.Calendar));

    [Fact]
    public void Url_UsesThePublicBaseUrl()
    {
        var url = Links(baseUrl: "https://bot.soest.de/stadtlabor").Url(Grant(), "calendar/{0}.ics")!;
        Assert.StartsWith("https://bot.soest.de/stadtlabor/calendar/", url, StringComparison.Ordinal);
        Assert.EndsWith(".ics", url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2hvcnQ=", LinkOptions.DefaultBaseUrl)]
    [InlineData(null, "ftp://bot.soest.de")]
    [InlineData(null, "/relative")]
    public void Validator_BadKeyOrUrl_Fails(string? key, string url) =>
        Assert.True(new LinkOptionsValidator().Validate(null, new LinkOptions { Key = key, PublicBaseUrl = url }).Failed);

    [Theory]
    [InlineData("Production", "http://bot.soest.de", false)]
    [InlineData("Staging", "http://bot.soest.de", false)]
    [InlineData("Production", "https://bot.soest.de", true)]
    [InlineData("Development", "http://127.0.0.1:3978", true)]
    public void Validator_PlainHttpOutsideDevelopment_Fails(string environment, string url, bool valid)
    {
        var result = new LinkOptionsValidator(new Environment(environment)).Validate(null, new LinkOptions { PublicBaseUrl = url });

        Assert.Equal(valid, result.Succeeded);
        if (!valid) Assert.Contains("Bot:PublicBaseUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    private sealed class Environment(string name) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "StadtLabor.Bot";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    [Fact]
    public void Validator_NoKeyAndDefaultUrl_Succeeds() =>
        Assert.True(new LinkOptionsValidator().Validate(null, new LinkOptions()).Succeeded);
}
