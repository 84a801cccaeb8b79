using Microsoft.Graph.Models.ODataErrors;
using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Tests.Graph;

/// <summary>The queue's reading of Graph's answers: Retry-After, back-off bounds, which failures retry, pause or die.</summary>
public sealed class GraphQueueRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 13, 0, 0, TimeSpan.Zero);
    private static readonly GraphCallOptions Options = new() { RetryBaseSeconds = 5, MaxRetryAfterSeconds = 600 };

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 30 ", 30)]
    [InlineData("0", 0)]
    [InlineData("86400", 600)]
    [InlineData("Sat, 05 Dec 2026 13:00:20 GMT", 20)]
    [InlineData("Sat, 05 Dec 2026 12:59:00 GMT", 0)]
    [InlineData("Sun, 06 Dec 2026 13:00:00 GMT", 600)]
    public void RetryAfter_SecondsOrHttpDate_CappedAndNeverNegative(string header, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), GraphCallFailures.ParseRetryAfter(header, Now, 600));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("soon")]
    public void RetryAfter_MissingOrNonsense_None(string? header) =>
        Assert.Null(GraphCallFailures.ParseRetryAfter(header, Now, 600));

    [Fact]
    public void RetryAfter_HeaderNameInAnyCase_Found()
    {
        var headers = new Dictionary<string, IEnumerable<string>> { ["retry-after"] = ["7"] };
        Assert.Equal(TimeSpan.FromSeconds(7), GraphCallFailures.RetryAfter(headers, Now, 600));
    }

    [Theory]
    [InlineData(1, 4, 6)]
    [InlineData(2, 8, 12)]
    [InlineData(4, 32, 48)]
    [InlineData(30, 3600, 3600)]
    public void Backoff_DoublesWithTwentyPercentJitter_CappedAtAnHour(int attempts, double least, double most)
    {
        foreach (var jitter in new[] { 0, 0.5, 0.999999 })
            Assert.InRange(GraphCallFailures.Backoff(attempts, 5, jitter).TotalSeconds, least, most);
    }

    [Fact]
    public void Backoff_BaseZero_NoWait() => Assert.Equal(TimeSpan.Zero, GraphCallFailures.Backoff(3, 0, 0.7));

    [Fact]
    public void Classify_429WithRetryAfter_LaterForThatLong_PausesMailbox_CostsNoAttempt()
    {
        var verdict = GraphCallFailures.Classify(Error(429, "ApplicationThrottled", retryAfter: "3"), 1, Options, Now, 0.5);
        Assert.Equal(new GraphCallResult.LaterResult("429 ApplicationThrottled", TimeSpan.FromSeconds(3)), verdict.Result);
        Assert.True(verdict.PausesMailbox);
        Assert.False(verdict.CountsAsAttempt);
    }

    [Fact]
    public void Classify_503WithoutRetryAfter_BackoffPausesMailbox_CountsAsAttempt()
    {
        var verdict = GraphCallFailures.Classify(Error(503, "ServiceNotAvailable"), 2, Options, Now, 0.5);
        Assert.Equal(new GraphCallResult.LaterResult("503 ServiceNotAvailable", TimeSpan.FromSeconds(10)), verdict.Result);
        Assert.True(verdict.PausesMailbox);
        Assert.True(verdict.CountsAsAttempt);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(408)]
    public void Classify_TransientFailure_LaterWithoutPausingTheMailbox(int status)
    {
        var verdict = GraphCallFailures.Classify(Error(status, "x"), 1, Options, Now, 0.5);
        Assert.IsType<GraphCallResult.LaterResult>(verdict.Result);
        Assert.False(verdict.PausesMailbox);
    }

    [Theory]
    [InlineData(400, "ErrorInvalidRequest")]
    [InlineData(401, "InvalidAuthenticationToken")]
    [InlineData(403, "ErrorAccessDenied")]
    [InlineData(404, "ErrorItemNotFound")]
    public void Classify_RefusedForGood_DeadWithStatusAndCodeOnly(int status, string code)
    {
        var verdict = GraphCallFailures.Classify(Error(status, code, message: "Mailbox of Erika Mustermann not found"), 1, Options, Now, 0.5);
        Assert.Equal(new GraphCallResult.DeadResult($"{status} {code}"), verdict.Result);
    }

    private static ODataError Error(int status, string code, string? retryAfter = null, string message = "m")
    {
        var error = new ODataError { ResponseStatusCode = status, Error = new MainError { Code = code, Message = message } };
        if (retryAfter is not null) error.ResponseHeaders = new Dictionary<string, IEnumerable<string>> { ["Retry-After"] = [retryAfter] };
        return error;
    }
}
