using System.Globalization;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace StadtLabor.Bot.Graph;

/// <summary>
/// How the queue reads a failed Graph call, as pure functions (unit-tested): which answers are worth another try,
/// how long to wait (Graph's Retry-After, else exponential back-off with jitter), and which pause the whole mailbox.
/// </summary>
public static class GraphCallFailures
{
    /// <summary>Back-off never grows beyond an hour: a call that waits longer is better dead and visible.</summary>
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromHours(1);

    /// <summary>What a failed request means for its call; <see cref="PausesMailbox"/> when Graph throttles or is unavailable.</summary>
    public sealed record Verdict(GraphCallResult Result, int StatusCode, bool PausesMailbox, bool CountsAsAttempt);

    /// <summary>
    /// 429 and 503 pause the mailbox (Retry-After, else the back-off); 429 is Graph pacing us, not the call failing, so
    /// it costs no attempt. 408, 409, 412 and other 5xx are tried again later. 400, 401, 403, 404 and the rest will
    /// not change by waiting: dead at once, for the lab team to look at.
    /// </summary>
    public static Verdict Classify(ApiException e, int attempts, GraphCallOptions o, DateTimeOffset now, double jitter)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(o);
        var status = e.ResponseStatusCode;
        var what = Describe(e);
        var retryAfter = RetryAfter(e.ResponseHeaders, now, o.MaxRetryAfterSeconds);
        var wait = retryAfter ?? Backoff(attempts, o.RetryBaseSeconds, jitter);
        return status switch
        {
            429 => new Verdict(GraphCallResult.Later(what, wait), status, PausesMailbox: true, CountsAsAttempt: false),
            503 => new Verdict(GraphCallResult.Later(what, wait), status, PausesMailbox: true, CountsAsAttempt: true),
            408 or 409 or 412 or 500 or 502 or 504 => new Verdict(GraphCallResult.Later(what, wait), status, false, true),
            _ => new Verdict(GraphCallResult.Dead(what), status, false, true),
        };
    }

    /// <summary>"403 ErrorAccessDenied": the status and Graph's error code; never Graph's message (it may quote a name).</summary>
    public static string Describe(ApiException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var code = (e as ODataError)?.Error?.Code;
        var status = e.ResponseStatusCode.ToString(CultureInfo.InvariantCulture);
        return string.IsNullOrWhiteSpace(code) ? status : $"{status} {Shorten(code, 80)}";
    }

    /// <summary>The Retry-After of an answer's headers (delta-seconds or an HTTP date), capped; null when there is none.</summary>
    public static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers, DateTimeOffset now, int maxSeconds)
    {
        if (headers is null) return null;
        foreach (var (name, values) in headers)
        {
            if (string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase)) return ParseRetryAfter(values.FirstOrDefault(), now, maxSeconds);
        }
        return null;
    }

    /// <summary>RFC 9110: "120" or "Fri, 31 Dec 1999 23:59:59 GMT". A date in the past means now; nonsense means none.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now, int maxSeconds)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        var cap = TimeSpan.FromSeconds(Math.Max(0, maxSeconds));
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return seconds >= cap.TotalSeconds ? cap : TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > cap ? cap : wait;
        }
        return null;
    }

    /// <summary>
    /// base · 2^(attempts−1), ±20 % jitter (<paramref name="jitter"/> in [0, 1)) so calls that failed together do
    /// not come back together, at most <see cref="LongestBackoff"/>.
    /// </summary>
    public static TimeSpan Backoff(int attempts, int baseSeconds, double jitter)
    {
        var seconds = Math.Max(0, baseSeconds) * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20)) * (0.8 + 0.4 * Math.Clamp(jitter, 0, 1));
        return seconds >= LongestBackoff.TotalSeconds ? LongestBackoff : TimeSpan.FromSeconds(seconds);
    }

    internal static string Shorten(string s, int max) => s.Length <= max ? s : s[..max];
}
