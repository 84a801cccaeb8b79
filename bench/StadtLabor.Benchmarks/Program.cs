using BenchmarkDotNet.Running;

namespace StadtLabor.Benchmarks;

/// <summary>bench/micro.sh runs this: BenchmarkDotNet's switcher over every benchmark class here (--filter, --job, ...).</summary>
public static class MicroBenchmarks
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args);
}
