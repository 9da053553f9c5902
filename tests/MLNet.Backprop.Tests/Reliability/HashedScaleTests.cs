using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;
using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>
/// The issue's hashed set: 1M rows of a 2²⁰-slot vector with about 20 non-zeros a row (CSR: 1M × 20 × (4 + 4) bytes
/// ≈ 168 MB with the offsets), generated lazily so the source holds nothing; a [64] network on 2 threads. In memory:
/// the epochs' speed in rows per second. Streaming: the peak extra working set against the data's CSR size, with the
/// first layer's own state (weights, gradient and Adam's two moments: 4 × 2²⁰ × 64 × 4 bytes ≈ 1.07 GB; no hold-out, so no
/// best epoch's copy)
/// reported beside it, since it does not depend on the rows.
/// </summary>
[Collection(nameof(AllocationCountingCollection))]
public class HashedScaleTests(ITestOutputHelper output)
{
    private const int Rows = 1_000_000, Slots = 1 << 20, PerRow = 20, Units = 64;
    private const long CsrBytes = (long)Rows * PerRow * (sizeof(int) + sizeof(float)) + (Rows + 1L) * sizeof(int);
    private const long FirstLayerStateBytes = 4L * Slots * Units * sizeof(float);

    [ScaleFact]
    public void Fit_InMemoryMillionHashedRows_EpochRowsPerSecond()
    {
        var (epochs, _) = Train(DataLoading.InMemory, epochs: 3);
        var rates = epochs.Select(e => Rows / e.TotalSeconds).ToArray();
        output.WriteLine($"in memory, [64], 2 threads: epochs {string.Join(", ", epochs.Select(e => $"{e.TotalSeconds:F2} s"))}; " +
            $"{string.Join(", ", rates.Select(r => $"{r / 1e6:F2}M"))} rows/s (load {Load()})");
        rates.Max().ShouldBeGreaterThan(0);
    }

    [ScaleFact]
    public void Fit_StreamingMillionHashedRows_PeakAgainstTheCsrSize()
    {
        var (epochs, peak) = Train(DataLoading.Streaming, epochs: 1);
        output.WriteLine($"streaming, [64], 2 threads: epoch {epochs[0].TotalSeconds:F1} s; extra working set peak {peak / 1e6:F0} MB; " +
            $"data as CSR {CsrBytes / 1e6:F0} MB; first layer's state {FirstLayerStateBytes / 1e6:F0} MB; peak − state = " +
            $"{(peak - FirstLayerStateBytes) / (double)CsrBytes:F2} × the CSR size (load {Load()})");
        peak.ShouldBeLessThan(FirstLayerStateBytes + 2 * CsrBytes);
    }

    /// <summary>Where an in-memory epoch's time goes (the library's phase clock), 100k rows of the same width, lazy Adam
    /// against row-wise Adagrad, side by side in one run (alternating, twice each).</summary>
    [ScaleFact]
    public void Fit_InMemoryHashedRows_PhasesOfLazyAdamAgainstRowWise()
    {
        const int rows = 100_000;
        foreach (int round in new[] { 1, 2 })
            foreach (var updates in new[] { SparseUpdates.Lazy, SparseUpdates.RowWise })
            {
                var clock = PhaseClock.Start();
                TimeSpan[] epochs;
                try
                {
                    (epochs, _) = Train(DataLoading.InMemory, epochs: 2, rows, updates);
                }
                finally
                {
                    clock.Stop();
                }
                double steps = clock.Steps;
                output.WriteLine($"round {round}, {updates}: epoch 2 {epochs[1].TotalSeconds:F2} s = {rows / epochs[1].TotalSeconds / 1e3:F0}k rows/s; per step (µs): " +
                    string.Join(", ", Enum.GetValues<TrainingPhase>().Where(p => p is not TrainingPhase.Setup and not TrainingPhase.Finish)
                        .Select(p => $"{p} {clock.Seconds(p) / steps * 1e6:F0}")) + $" (load {Load()})");
            }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static (TimeSpan[] Epochs, long Peak) Train(DataLoading loading, int epochs, int rows = Rows, SparseUpdates? updates = null)
    {
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Slots);
        var data = ml.Data.LoadFromEnumerable(Generate(rows), schema);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long baseline = process.WorkingSet64, peak = 0;
        using var sampler = new Timer(_ =>
        {
            process.Refresh();
            long extra = process.WorkingSet64 - baseline;
            if (extra > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, extra);
        }, null, 0, 10);

        var times = new List<TimeSpan>();
        var model = new BackpropTrainer(ml, new BackpropTrainer.Options
        {
            DataLoading = loading, HiddenLayers = [Units], NumberOfEpochs = epochs, EnsembleSize = 1, NumberOfThreads = 2,
            BatchSize = 256, Seed = 1, RecordDiagnostics = false, SparseUpdates = updates,
            Progress = r => times.Add(r.Elapsed),
        }).Fit(data);
        model.Model.Network.Input.Describe().ShouldBe([InputPartDescription.Sparse(Slots)]);
        return ([.. times], Interlocked.Read(ref peak));
    }

    /// <summary>Hashed ids: 10–30 slots a row, uniform over 2²⁰ (so almost every row of W is touched now and then); the
    /// label follows a hidden ± weight per slot.</summary>
    private static IEnumerable<Row> Generate(int rows)
    {
        var rng = new Rng(7);
        var indices = new int[2 * PerRow];
        var values = new float[2 * PerRow];
        for (int i = 0; i < rows; i++)
        {
            int count = PerRow - 10 + (int)(rng.NextFloat() * 21);
            var chosen = new SortedSet<int>();
            while (chosen.Count < count) chosen.Add((int)(rng.NextFloat() * Slots) & (Slots - 1));
            int k = 0;
            double score = 0;
            foreach (int slot in chosen)
            {
                indices[k] = slot;
                values[k++] = 1f;
                score += (slot * 2654435761u % 1000) / 500.0 - 1;
            }
            yield return new Row { Features = new VBuffer<float>(Slots, count, values, indices), Label = score > 0 };
        }
    }

    private sealed class Row
    {
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }
    }
}
