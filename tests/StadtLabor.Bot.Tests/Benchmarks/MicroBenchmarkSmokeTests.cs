using System.Reflection;
using BenchmarkDotNet.Attributes;
using StadtLabor.Benchmarks;

namespace StadtLabor.Bot.Tests.Benchmarks;

/// <summary>
/// bench/micro.sh is not part of ./test.sh, so nothing else would notice a benchmark that no longer compiles, throws,
/// or measures a refusal instead of the path it names (each [GlobalSetup] checks that). Here every benchmark class is
/// set up as BenchmarkDotNet does and each of its methods runs once: no timing, no figures.
/// </summary>
public sealed class MicroBenchmarkSmokeTests
{
    public static TheoryData<string> Classes => [.. BenchmarkClasses().Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Classes))]
    public async Task MicroBenchmark_SetupThenEachMethodOnce_Runs(string name)
    {
        var type = BenchmarkClasses().Single(t => t.Name == name);
        var methods = Marked<BenchmarkAttribute>(type).ToList();
        Assert.NotEmpty(methods);
        var benchmark = Activator.CreateInstance(type)!;

        foreach (var setup in Marked<GlobalSetupAttribute>(type)) await InvokeAsync(benchmark, setup);
        try
        {
            foreach (var method in methods) await InvokeAsync(benchmark, method);
        }
        finally
        {
            foreach (var cleanup in Marked<GlobalCleanupAttribute>(type)) await InvokeAsync(benchmark, cleanup);
        }
    }

    private static IEnumerable<Type> BenchmarkClasses() =>
        typeof(MicroBenchmarks).Assembly.GetExportedTypes().Where(t => Marked<BenchmarkAttribute>(t).Any()).OrderBy(t => t.Name);

    private static IEnumerable<MethodInfo> Marked<TAttribute>(Type type) where TAttribute : Attribute =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<TAttribute>() is not null);

    private static async Task InvokeAsync(object benchmark, MethodInfo method)
    {
        // Unwrapped, so a failed check in a [GlobalSetup] reads as its own message, with the benchmark in its stack.
        if (method.Invoke(benchmark, BindingFlags.DoNotWrapExceptions, null, null, null) is Task task) await task;
    }
}
