namespace StadtLabor.Bench;

/// <summary>One run of one target. Reply figures are null for targets that send no replies (bare, invokes).</summary>
public sealed record Measurement(
    string Target, int Round, int Acks, int Errors, double Seconds, double AcksPerSecond, double P50Ms, double P99Ms,
    double CpuMicrosPerTurn, double? RepliesPerSecond, long? Backlog, int? OutboxPending, double? DrainedAfterSeconds,
    string? FirstError);

/// <summary>The medians of a target's runs, and how far apart its runs were.</summary>
public sealed record Summary(
    string Target, int Runs, double AcksPerSecond, double AcksMin, double AcksMax, double P50Ms, double P99Ms,
    double CpuMicrosPerTurn, double RepliesPerTurn, double? RepliesPerSecond, double? Backlog, double? OutboxPending,
    double? DrainedAfterSeconds, int Errors, double? AcksVsBare, double? CpuVsBare);

public sealed record BenchReport(
    DateTimeOffset StartedAt, BenchOptions Options, string Machine, IReadOnlyDictionary<string, double> StartToReadySeconds,
    IReadOnlyList<Summary> Summaries, IReadOnlyList<Measurement> Runs, IReadOnlyDictionary<string, string> Skipped, string Markdown);
