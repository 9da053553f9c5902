using Microsoft.ML;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Numerics;

/// <summary>Large arrays asked for on 2 MB pages: zeroed arrays of the asked length either way, backed by huge pages where
/// Linux grants them, and a sparse fit's weights the same to the bit with the advice or without it.</summary>
public class HugePagesTests
{
    [Fact]
    public void Floats_BelowTheThreshold_ZeroedArrayOfTheLength()
    {
        var array = HugePages.Floats(1000);
        array.Length.ShouldBe(1000);
        array.ShouldAllBe(v => v == 0f);
    }

    [Fact]
    public void Floats_AboveTheThreshold_ZeroedAndOnHugePagesWhereLinuxGrantsThem()
    {
        int length = (int)(Defaults.HugePageBytes / sizeof(float)) + 12_345;
        var array = HugePages.Floats(length);
        array.Length.ShouldBe(length);
        array.ShouldAllBe(v => v == 0f);
        if (TransparentHugePagesOn()) HugePageKilobytes(array).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Fit_SparseWeightsOnHugePagesAgainstSmallPages_SameWeights()
    {
        const int slots = 1 << 16; // × 16 units × 4 bytes = 4 MB: two whole 2 MB pages, whatever the array's start
        var ml = new MLContext(1);
        var data = SparseRows.Load(ml, 400, slots, 10, seed: 2, dense: false);
        var (small, _) = Fit(ml, data, slots, long.MaxValue);
        var (huge, kilobytes) = Fit(ml, data, slots, 1 << 20);
        huge.ShouldBe(small);
        if (TransparentHugePagesOn()) kilobytes.ShouldBeGreaterThan(0);
    }

    private static (float[] Weights, long HugeKilobytes) Fit(MLContext ml, IDataView data, int slots, long minBytes)
    {
        long before = HugePages.MinBytes;
        HugePages.MinBytes = minBytes; // placement only: other tests running meanwhile compute the same values either way
        try
        {
            var model = ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options
            {
                HiddenLayers = [16], NumberOfEpochs = 3, Seed = 3, EnsembleSize = 1, BatchSize = 32, NumberOfThreads = 2,
                SparseUpdates = SparseUpdates.Lazy, RecordDiagnostics = false,
            }).Fit(data).Model;
            model.Network.Input.Describe().ShouldBe([MLNet.Backprop.Network.Inputs.InputPartDescription.Sparse(slots)]);
            var weights = model.Network.Layers[0].WeightParameter.Values;
            return ([.. weights], minBytes <= (long)weights.Length * sizeof(float) ? HugePageKilobytes(weights) : 0);
        }
        finally
        {
            HugePages.MinBytes = before;
        }
    }

    private static bool TransparentHugePagesOn()
    {
        const string setting = "/sys/kernel/mm/transparent_hugepage/enabled";
        return OperatingSystem.IsLinux() && File.Exists(setting) && !File.ReadAllText(setting).Contains("[never]", StringComparison.Ordinal);
    }

    /// <summary>AnonHugePages of the mapping that holds the array's middle (/proc/self/smaps: the advice splits the
    /// mapping at the advised range, so that is the array's whole 2 MB pages).</summary>
    private static unsafe long HugePageKilobytes(float[] array)
    {
        ulong address;
        fixed (float* p = array) address = (ulong)(p + array.Length / 2);
        bool inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out ulong start) &&
                ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.HexNumber, null, out ulong end))
                inside = address >= start && address < end;
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
                return long.Parse(line["AnonHugePages:".Length..].Trim().Split(' ')[0]);
        }
        return 0;
    }
}
