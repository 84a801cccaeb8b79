using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Privacy;

/// <summary>The job's arithmetic and its failure rule, with policies that only record what they are asked.</summary>
public sealed class PurgeExpiredDataTests
{
    private sealed class RecordingPolicy(string kind, int defaultDays, bool fails = false) : IRetentionPolicy
    {
        public List<DateTime> Cutoffs { get; } = [];
        public string Kind => kind;
        public int DefaultDays => defaultDays;

        public Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct)
        {
            Cutoffs.Add(cutoffUtc);
            return fails ? throw new InvalidOperationException("database gone") : Task.FromResult(3);
        }
    }

    private static PurgeExpiredData Job(IEnumerable<IRetentionPolicy> policies, params (string Kind, string Days)[] retention)
    {
        var options = new PrivacyOptions();
        foreach (var (kind, days) in retention) options.Retention[kind] = days;
        return new PurgeExpiredData(policies, Options.Create(options), NullLogger<PurgeExpiredData>.Instance);
    }

    [Fact]
    public async Task Run_DefaultAndConfiguredDays_CutoffCountedFromTheStartOfTheDayInSoest()
    {
        var installations = new RecordingPolicy("InactiveInstallations", 180);
        var sent = new RecordingPolicy("SentOutboxMessages", 30);
        // The day the clocks go back: it starts at 00:00 CEST, 22:00 UTC the day before.
        var period = JobPeriod.Containing(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.Zero), JobPeriodKind.Day);

        await Job([installations, sent], ("sentoutboxmessages", "7")).RunAsync(period, CancellationToken.None);

        var dayStart = new DateTime(2026, 10, 24, 22, 0, 0, DateTimeKind.Utc);
        Assert.Equal([dayStart.AddDays(-180)], installations.Cutoffs);
        Assert.Equal([dayStart.AddDays(-7)], sent.Cutoffs);
        Assert.Equal(DateTimeKind.Utc, sent.Cutoffs[0].Kind);
    }

    [Fact]
    public async Task Run_OnePolicyFails_OthersStillPurgedAndTheRunFails()
    {
        var broken = new RecordingPolicy("SentOutboxMessages", 30, fails: true);
        var after = new RecordingPolicy("FailedOutboxMessages", 90);
        var period = JobPeriod.Containing(new DateTimeOffset(2026, 3, 2, 2, 30, 0, TimeSpan.Zero), JobPeriodKind.Day);

        var error = await Assert.ThrowsAsync<AggregateException>(() => Job([broken, after]).RunAsync(period, CancellationToken.None));

        Assert.Single(after.Cutoffs);
        Assert.IsType<InvalidOperationException>(Assert.Single(error.InnerExceptions));
    }
}
