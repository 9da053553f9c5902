using System.Diagnostics;
using System.Globalization;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// How busy the machine was apart from this process over an interval: CPU time of all other processes and time
/// stolen by the hypervisor, in cores (1.0 = one logical processor fully used), from /proc/stat and /proc/self/stat.
/// The load average cannot tell this, as it counts this benchmark's own threads too.
/// </summary>
internal readonly record struct CpuActivity(double OtherCores, double StealCores)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>A reading of the counters, or null where /proc is missing.</summary>
    public static Snapshot? Take()
    {
        try
        {
            if (!File.Exists("/proc/stat")) return null;
            string[] cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Field(int i) => i < cpu.Length ? long.Parse(cpu[i], CultureInfo.InvariantCulture) : 0;
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7);
            string self = File.ReadAllText("/proc/self/stat");
            string[] after = self[(self.LastIndexOf(')') + 2)..].Split(' ');
            long own = long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture); // utime, stime
            return new Snapshot(Stopwatch.GetTimestamp(), busy, Field(8), own);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The activity between two readings, or null if either is missing.</summary>
    public static CpuActivity? Between(Snapshot? start, Snapshot? end)
    {
        if (start is not Snapshot a || end is not Snapshot b) return null;
        double ticks = Stopwatch.GetElapsedTime(a.Timestamp, b.Timestamp).TotalSeconds * TicksPerSecond;
        if (ticks <= 0) return null;
        return new CpuActivity(Math.Max(0, (b.Busy - a.Busy) - (b.Own - a.Own)) / ticks, (b.Steal - a.Steal) / ticks);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{OtherCores.ToString("F2", CultureInfo.InvariantCulture)} (steal {StealCores.ToString("F2", CultureInfo.InvariantCulture)})";

    /// <summary>Raw counters: all processors' busy and steal ticks, this process's ticks.</summary>
    public readonly record struct Snapshot(long Timestamp, long Busy, long Steal, long Own);
}
