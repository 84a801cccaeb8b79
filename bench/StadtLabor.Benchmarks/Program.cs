using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace StadtLabor.Benchmarks;

/// <summary>bench/micro.sh runs this: BenchmarkDotNet's switcher over every benchmark class here (--filter, --job, ...).</summary>
public static class MicroBenchmarks
{
    // BenchmarkDotNet builds its own copy of the bot for the measuring process; on 2 shared cores that takes longer
    // than its default 2 minutes, and the run ends with "failed to build" instead of figures.
    public static void Main(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance);
        config.BuildTimeout = TimeSpan.FromMinutes(10);
        BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args, config);
    }
}
