using StadtLabor.Bench;

// "bare" and "protocol" are how the bench starts its own floor and protocol endpoints as separate processes.
if (args is ["bare"])
{
    await BareEndpoint.RunAsync();
    return 0;
}
if (args is ["protocol"])
{
    await ProtocolEndpoint.RunAsync();
    return 0;
}
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (!ProcessCpu.Available)
{
    Console.Error.WriteLine("The bench reads server CPU from /proc and runs on Linux only.");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop after the current run and shut the servers down, instead of leaving bot processes behind.
    e.Cancel = true;
    stop.Cancel();
};
try
{
    if (options.MemoryTurns is { } turns)
    {
        var memory = await MemoryRun.RunAsync(options, turns, Console.Out, stop.Token);
        Console.WriteLine();
        Console.WriteLine(memory.Markdown);
        // The run failed when the bot stopped acknowledging before the turns were done.
        return memory.Acked >= turns ? 0 : 1;
    }
    var report = await BenchRunner.RunAsync(options, Console.Out, stop.Token);
    Console.WriteLine();
    Console.WriteLine(report.Markdown);
    // A target that acknowledged nothing is a broken setup, not a slow one.
    return report.Summaries.All(s => s.AcksPerSecond > 0) ? 0 : 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Stopped.");
    return 130;
}
