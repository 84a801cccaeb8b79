using System.Globalization;

namespace StadtLabor.Bench;

/// <summary>
/// CPU time a process has used (user + system, all its threads), from /proc/&lt;pid&gt;/stat. Read before and after a
/// run, so the figure is the server's own work and not the load client's, which shares the machine.
/// </summary>
public static class ProcessCpu
{
    // USER_HZ: the kernel reports these fields in clock ticks; 100 on every Linux we run on (getconf CLK_TCK).
    private const double TicksPerSecond = 100;

    public static TimeSpan Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }

    /// <summary>VmRSS of /proc/&lt;pid&gt;/status ("VmRSS:   123456 kB") in bytes.</summary>
    public static long ReadWorkingSet(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line");
    }

    public static bool Available => OperatingSystem.IsLinux() && File.Exists("/proc/self/stat");
}
