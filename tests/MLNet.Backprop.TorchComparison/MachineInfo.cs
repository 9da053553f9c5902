using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLNet.Backprop.TorchComparison;

/// <summary>What the numbers were measured on: CPU, cores, load, instruction sets, runtime.</summary>
internal static class MachineInfo
{
    /// <summary>The CPU's model name, family/model/stepping and current clock from /proc/cpuinfo (first processor),
    /// and whether a hypervisor is present; the architecture where there is no /proc/cpuinfo.</summary>
    public static string CpuModel
    {
        get
        {
            string[]? lines = ReadProc("/proc/cpuinfo")?.Split('\n');
            if (lines is null) return RuntimeInformation.ProcessArchitecture.ToString();
            string Field(string name) =>
                lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && l[name.Length..].TrimStart().StartsWith(':'))?.Split(':', 2)[1].Trim() ?? "?";
            bool virtualised = Field("flags").Split(' ').Contains("hypervisor");
            return $"{Field("model name")} (family {Field("cpu family")}, model {Field("model")}, stepping {Field("stepping")}, {Field("cpu MHz")} MHz" +
                $"{(virtualised ? ", virtualised" : "")})";
        }
    }

    /// <summary>The 1-, 5- and 15-minute load averages from /proc/loadavg ("?" where there is none).</summary>
    public static string LoadAverage
    {
        get
        {
            string[]? parts = ReadProc("/proc/loadavg")?.Split(' ');
            return parts is { Length: >= 3 } ? $"{parts[0]} {parts[1]} {parts[2]}" : "?";
        }
    }

    /// <summary>The 1-minute load average, or NaN.</summary>
    public static double LoadAverage1 =>
        double.TryParse(LoadAverage.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    /// <summary>Memory of the machine, from /proc/meminfo.</summary>
    public static string Memory
    {
        get
        {
            string? line = ReadProc("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture, out long kb)
                ? $"{kb / 1024.0 / 1024.0:F1} GiB"
                : "?";
        }
    }

    /// <summary>The lines of the Markdown "machine" block.</summary>
    public static IEnumerable<string> Describe()
    {
        yield return $"- CPU: {CpuModel}; {Environment.ProcessorCount} logical processors visible to .NET; memory {Memory}";
        yield return $"- ISA (.NET): Vector512.IsHardwareAccelerated={Vector512.IsHardwareAccelerated}, Vector256={Vector256.IsHardwareAccelerated}, " +
            $"Avx512F={Avx512F.IsSupported}, Avx2={Avx2.IsSupported}, Fma={Fma.IsSupported}";
        yield return $"- Runtime: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, " +
            $"server GC={System.Runtime.GCSettings.IsServerGC}, GC latency mode {System.Runtime.GCSettings.LatencyMode}";
        var tuning = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => TuningPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).Order().ToList();
        yield return "- Tuning variables set: " +
            (tuning.Count == 0 ? "none" : string.Join(", ", tuning.Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")));
        yield return $"- TorchSharp {TorchRuntime.TorchSharpVersion} (TorchSharp-cpu, libtorch CPU)";
    }

    /// <summary>Environment variables that change how either side runs (.NET runtime, OpenMP, MKL, oneDNN, libtorch).</summary>
    private static readonly string[] TuningPrefixes = ["DOTNET_", "COMPlus_", "OMP_", "GOMP_", "KMP_", "MKL_", "DNNL_", "ONEDNN_", "TORCH_"];

    private static string? ReadProc(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
