using System.Collections.Concurrent;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.IntegrationTests.Jobs;

/// <summary>What the test jobs' bodies did; shared by every app instance of a test, as a database would be.</summary>
internal sealed class JobRecorder
{
    private readonly ConcurrentQueue<(string Job, string Period)> _runs = new();
    private readonly ConcurrentDictionary<string, int> _running = new();
    private readonly ConcurrentDictionary<string, int> _maxRunning = new();

    public int FailuresLeft { get; set; }

    public IReadOnlyList<string> Periods(string job) => _runs.Where(r => r.Job == job).Select(r => r.Period).ToList();

    public int MaxConcurrent(string job) => _maxRunning.GetValueOrDefault(job);

    public async Task RunAsync(string job, JobPeriod period, TimeSpan duration, CancellationToken ct)
    {
        var now = _running.AddOrUpdate(job, 1, (_, n) => n + 1);
        _maxRunning.AddOrUpdate(job, now, (_, max) => Math.Max(max, now));
        try
        {
            _runs.Enqueue((job, period.Key));
            if (duration > TimeSpan.Zero) await Task.Delay(duration, ct);
        }
        finally
        {
            _running.AddOrUpdate(job, 0, (_, n) => n - 1);
        }
    }

    public async Task WaitForAsync(string job, int runs, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Periods(job).Count < runs && DateTime.UtcNow < until) await Task.Delay(50);
    }
}

internal sealed class TickJob(JobRecorder recorder) : ILabJob
{
    public Task RunAsync(JobPeriod period, CancellationToken ct) => recorder.RunAsync("Tick", period, TimeSpan.Zero, ct);
}

/// <summary>Takes longer than its one-second schedule, so Quartz must hold the next firing back.</summary>
internal sealed class SlowJob(JobRecorder recorder) : ILabJob
{
    public Task RunAsync(JobPeriod period, CancellationToken ct) => recorder.RunAsync("Slow", period, TimeSpan.FromMilliseconds(1500), ct);
}

internal sealed class FlakyJob(JobRecorder recorder) : ILabJob
{
    public async Task RunAsync(JobPeriod period, CancellationToken ct)
    {
        await recorder.RunAsync("Flaky", period, TimeSpan.Zero, ct);
        if (recorder.FailuresLeft-- > 0) throw new InvalidOperationException("the mail server did not answer");
    }
}
