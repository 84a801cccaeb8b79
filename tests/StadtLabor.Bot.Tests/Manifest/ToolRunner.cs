using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>Paths in the repository and a small process runner for the manifest tests (node, bash, python3).</summary>
internal static class ToolRunner
{
    public static readonly string RepoRoot = FindRepoRoot();
    public static readonly string ManifestDir = Path.Combine(RepoRoot, "manifest");
    public static readonly string CheckersDir = Path.Combine(RepoRoot, "tools", "checkers");

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    /// <summary>Fails the test with a clear message when the pinned npm checkers are not installed.</summary>
    public static void RequireCheckers()
    {
        if (!Directory.Exists(Path.Combine(CheckersDir, "node_modules", "@microsoft", "app-manifest")))
        {
            Assert.Fail($"The manifest checker's packages are not installed. Run `npm ci` in {CheckersDir} (./test.sh does it).");
        }
    }

    /// <summary>Skips the test when a command-line tool is not on PATH (say which, so the skip is explained).</summary>
    public static void RequireTool(string name, string why)
    {
        if (FindOnPath(name) is null)
        {
            Assert.Skip($"`{name}` is not on PATH; it is needed {why}.");
        }
    }

    public static Result Run(
        string fileName,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        int timeoutSeconds = 120)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"Cannot start `{fileName}`: {e.Message}");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail(FormattableString.Invariant($"`{fileName}` did not finish within {timeoutSeconds} s"));
            }

            process.WaitForExit();
            return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }

    /// <summary>Runs tools/checkers/validate-manifest.js on the given files.</summary>
    public static Result ValidateManifest(params string[] files)
    {
        RequireCheckers();
        return Run("node", [Path.Combine(CheckersDir, "validate-manifest.js"), .. files]);
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", "" } : new[] { "" };
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var ext in extensions)
            {
                var candidate = Path.Combine(dir, name + ext);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StadtLabor.Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No StadtLabor.Bot.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>A temporary folder that is deleted when the test ends.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("stadtlabor-manifest-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder is harmless
        }
    }
}
