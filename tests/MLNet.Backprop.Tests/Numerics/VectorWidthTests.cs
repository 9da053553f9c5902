using System.Diagnostics;
using System.Reflection;
using System.Runtime.Intrinsics;
using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Numerics;

/// <summary>
/// Training and scoring give the same bits with every vector width this machine can be told to use: the helper
/// tests/MLNet.Backprop.WidthCheck (seven small trainings: dense with the default input stage, sparse (lazy and row-wise updates), categorical; an
/// embedding projection; a saved model's scores) runs as the machine is, then with <c>DOTNET_EnableAVX512=0</c>
/// (256-bit vectors) when 512-bit vectors are accelerated, and with <c>DOTNET_PreferredVectorBitWidth=128</c> (128-bit vectors with the
/// fused multiply-add instruction, as on Arm64: the 128-bit GEMM kernel) and <c>DOTNET_EnableAVX2=0</c> (128-bit vectors, no fused
/// multiply-add instruction: the scalar GEMM kernel) when 256-bit ones are, and every file it writes must match. The 128-bit run also tells glibc to pick its
/// math functions' variants for a processor without AVX2 and FMA (<c>GLIBC_TUNABLES</c>; other C libraries ignore it),
/// as on a machine that really lacks them.
/// </summary>
public class VectorWidthTests(ITestOutputHelper output)
{
    private static string WidthCheck { get; } = typeof(VectorWidthTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "WidthCheck").Value!;

    [Fact]
    public void TrainingAndSavedModelScores_NarrowerVectorWidths_SameBitsAsThisMachine()
    {
        string dir = Directory.CreateTempSubdirectory("backprop-widths-").FullName;
        try
        {
            string model = Path.Combine(dir, "model.zip"), widest = Path.Combine(dir, "as-is");
            string widestName = Vector512.IsHardwareAccelerated ? "512-bit" : Vector256.IsHardwareAccelerated ? "256-bit" : "128-bit";
            Run(widest, model, setting: null, expectedWidths: null);
            var narrower = new List<(string Name, string Variable, string Value, string Widths)>();
            if (Vector512.IsHardwareAccelerated) narrower.Add(("256-bit (DOTNET_EnableAVX512=0)", "DOTNET_EnableAVX512", "0", "512-bit False, 256-bit True"));
            if (Vector256.IsHardwareAccelerated)
            {
                narrower.Add(("128-bit with FMA (DOTNET_PreferredVectorBitWidth=128)", "DOTNET_PreferredVectorBitWidth", "128",
                    "512-bit False, 256-bit False, 128-bit True; fused multiply-add True"));
                narrower.Add(("128-bit (DOTNET_EnableAVX2=0, glibc without AVX2/FMA)", "DOTNET_EnableAVX2", "0",
                    "512-bit False, 256-bit False, 128-bit True; fused multiply-add False"));
            }
            var files = Directory.GetFiles(widest).Select(f => Path.GetFileName(f)).Order().ToArray();
            files.Length.ShouldBe(9, "seven trainings, an embedding projection and the saved model's scores");
            foreach (var (name, variable, value, widths) in narrower)
            {
                string narrow = Path.Combine(dir, variable);
                Run(narrow, model, (variable, value), widths);
                foreach (string file in files)
                {
                    File.ReadAllText(Path.Combine(narrow, file)).ShouldBe(File.ReadAllText(Path.Combine(widest, file)),
                        $"{file} with {name} differs from {widestName} vectors");
                }
            }
            output.WriteLine($"compared {widestName} vectors (this machine) with {(narrower.Count == 0 ? "no narrower width (none to disable)" : string.Join(" and ", narrower.Select(n => n.Name)))}: " +
                $"{string.Join(", ", files)} bit-identical");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Runs the helper with one environment variable set (or as the machine is) and checks the widths it reports.</summary>
    private static void Run(string outputDirectory, string model, (string Variable, string Value)? setting, string? expectedWidths)
    {
        File.Exists(WidthCheck).ShouldBeTrue($"the WidthCheck helper is built at {WidthCheck}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { WidthCheck, outputDirectory, model }) start.ArgumentList.Add(argument);
        if (setting is { } set) start.Environment[set.Variable] = set.Value;
        // glibc's names before and after 2.33; an unknown name is ignored.
        if (setting?.Variable == "DOTNET_EnableAVX2") start.Environment["GLIBC_TUNABLES"] = "glibc.cpu.hwcaps=-AVX2_Usable,-FMA_Usable,-AVX2,-FMA";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000).ShouldBeTrue("WidthCheck finished within 2 minutes");
        process.ExitCode.ShouldBe(0, $"WidthCheck failed:\n{stdout.Result}\n{stderr.Result}");
        // A knob the runtime ignores (DOTNET_EnableAVX512F in .NET 10) would compare a width with itself.
        if (expectedWidths is not null) stdout.Result.ShouldContain($"vector widths accelerated: {expectedWidths}");
    }
}
