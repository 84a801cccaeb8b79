using System.Net;
using Polly;
using Polly.Timeout;
using StadtLabor.Bot.Connector;

namespace StadtLabor.Bot.Tests.Connector;

public sealed class ConnectorRetryRuleTests
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(HttpStatusCode.PreconditionFailed, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.OK, false)]
    [InlineData(HttpStatusCode.Created, false)]
    public void ShouldRetry_ByStatus_TransientOnly(HttpStatusCode status, bool expected)
    {
        using var response = new HttpResponseMessage(status);
        Assert.Equal(expected, ConnectorRegistration.ShouldRetry(Outcome.FromResult(response), MaxWait));
    }

    [Fact]
    public void ShouldRetry_429WithLongRetryAfter_NotWaitedInline()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(5));
        Assert.False(ConnectorRegistration.ShouldRetry(Outcome.FromResult(response), MaxWait));
    }

    [Fact]
    public void ShouldRetry_NetworkErrorOrTimeout_Retried()
    {
        Assert.True(ConnectorRegistration.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset")), MaxWait));
        Assert.True(ConnectorRegistration.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException()), MaxWait));
        Assert.False(ConnectorRegistration.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException()), MaxWait));
    }

    [Theory]
    [InlineData("MessageWritesBlocked", true)]
    [InlineData("ConversationBlockedByUser", true)]
    [InlineData("BotDisabledByAdmin", false)]
    [InlineData(null, false)]
    public void IsBlocked_TeamsCodes_RecipientGone(string? code, bool expected) =>
        Assert.Equal(expected, ConnectorClient.IsBlocked(code));
}
