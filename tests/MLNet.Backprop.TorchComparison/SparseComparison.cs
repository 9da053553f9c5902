using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// <c>--sparse</c>: one epoch of a [64] ReLU network with one logit on hashed rows (20 non-zeros a row, uniform over
/// 10⁴–10⁶ slots, 20,000 rows, batch 256, Adam lr 1e-3), side by side in this process: our <c>Fit</c> on the sparse
/// path, with lazy updates (the default) and with every row updated (<c>SparseUpdates = SparseUpdates.EveryRow</c>, dense Adam's
/// semantics), against TorchSharp's training loop with the first layer as libtorch's sparse COO × dense <c>mm</c> (what
/// <c>torch.sparse.mm</c> runs; its W gradient, hence Adam's step, is dense). Ours is timed on the epoch itself
/// (<c>EpochReport.Elapsed</c>); TorchSharp's on its loop over batches built as tensors beforehand.
/// </summary>
internal static class SparseComparison
{
    private const int Rows = 20_000, PerRow = 20, Units = 64, Batch = 256;

    public static IEnumerable<string> Run(IReadOnlyList<int> threadCounts, int runs, int warmups, Action<string> log)
    {
        var lines = new List<string>
        {
            "# Sparse first layer: our Fit against TorchSharp (torch.sparse.mm), one run", "",
            $"{Rows:N0} rows of {PerRow} hashed slots, [64] ReLU → 1 logit, batch {Batch}, Adam lr 1e-3, 1 epoch; median of {runs} timed run(s) after {warmups} warm-up(s).",
            $"Machine: {MachineInfo.CpuModel}; load average at start {MachineInfo.LoadAverage}.", "",
            "| slots | threads | ours, lazy (rows/s) | ours, every row (rows/s) | TorchSharp sparse.mm + Adam (rows/s) | lazy ÷ TorchSharp | final loss lazy / every row / TorchSharp |",
            "|---:|---:|---:|---:|---:|---:|---|",
        };
        foreach (int slots in new[] { 10_000, 100_000, 1_000_000 })
        {
            var (offsets, indices, labels) = Generate(slots, seed: 1);
            var ml = new MLContext(seed: 0);
            var view = ml.Data.Cache(View(ml, slots, offsets, indices, labels));
            using var batches = new TorchBatches(slots, offsets, indices, labels);
            foreach (int threads in threadCounts)
            {
                log($"sparse: {slots:N0} slots, {threads} thread(s)");
                var lazy = Median(runs, warmups, () => Ours(ml, view, threads, lazy: true));
                var every = Median(runs, warmups, () => Ours(ml, view, threads, lazy: false));
                var torchRun = Median(runs, warmups, () => Torch(batches, slots, threads));
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {slots:N0} | {threads} | {Rows / lazy.Seconds:N0} | {Rows / every.Seconds:N0} | {Rows / torchRun.Seconds:N0} | {torchRun.Seconds / lazy.Seconds:F1}× | {lazy.Loss:F3} / {every.Loss:F3} / {torchRun.Loss:F3} |"));
            }
        }
        lines.Add("");
        lines.Add($"Load average at the end: {MachineInfo.LoadAverage}.");
        return lines;
    }

    private static (double Seconds, double Loss) Median(int runs, int warmups, Func<(double Seconds, double Loss)> run)
    {
        for (int i = 0; i < warmups; i++) run();
        var results = Enumerable.Range(0, runs).Select(_ => run()).OrderBy(r => r.Seconds).ToArray();
        return results[results.Length / 2];
    }

    private static (double Seconds, double Loss) Ours(MLContext ml, IDataView view, int threads, bool lazy)
    {
        var reports = new List<Training.EpochReport>();
        new BackpropTrainer(ml, new BackpropTrainer.Options
        {
            HiddenLayers = [Units], Activation = Activation.ReLU, LearningRate = 1e-3f, BatchSize = Batch, NumberOfEpochs = 1,
            EnsembleSize = 1, ValidationFraction = 0, NumberOfThreads = threads, RecordDiagnostics = false, Seed = 1,
            SparseInput = true, SparseUpdates = lazy ? SparseUpdates.Lazy : SparseUpdates.EveryRow, Progress = reports.Add,
        }).Fit(view);
        return (reports[0].Elapsed.TotalSeconds, reports[0].TrainingLoss);
    }

    private static (double Seconds, double Loss) Torch(TorchBatches batches, int slots, int threads)
    {
        TorchRuntime.SetThreads(threads);
        torch.random.manual_seed(1);
        using var w1 = nn.Parameter(torch.randn(slots, Units) * (float)Math.Sqrt(2.0 / Units));
        using var b1 = nn.Parameter(torch.zeros(Units));
        using var output = nn.Linear(Units, 1);
        var parameters = new[] { w1, b1 }.Concat(output.parameters()).ToList();
        using var adam = optim.Adam(parameters, lr: 1e-3);
        using var loss = nn.BCEWithLogitsLoss();
        double sum = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < batches.X.Count; i++)
        {
            using var scope = torch.NewDisposeScope();
            adam.zero_grad();
            var hidden = torch.nn.functional.relu(batches.X[i].mm(w1) + b1);
            var l = loss.forward(output.forward(hidden), batches.Y[i]);
            l.backward();
            adam.step();
            sum += l.item<float>();
        }
        return (clock.Elapsed.TotalSeconds, sum / batches.X.Count);
    }

    /// <summary>CSR rows of distinct sorted slots; the label follows a hidden ± weight per slot.</summary>
    private static (int[] Offsets, int[] Indices, bool[] Labels) Generate(int slots, int seed)
    {
        var random = new Random(seed);
        var offsets = new int[Rows + 1];
        var indices = new List<int>(Rows * PerRow);
        var labels = new bool[Rows];
        for (int r = 0; r < Rows; r++)
        {
            var row = new SortedSet<int>();
            while (row.Count < PerRow) row.Add(random.Next(slots));
            indices.AddRange(row);
            labels[r] = row.Sum(s => (s * 2654435761u % 1000) / 500.0 - 1) > 0;
            offsets[r + 1] = indices.Count;
        }
        return (offsets, [.. indices], labels);
    }

    private sealed class Row
    {
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }
    }

    private static IDataView View(MLContext ml, int slots, int[] offsets, int[] indices, bool[] labels)
    {
        var ones = Enumerable.Repeat(1f, PerRow).ToArray();
        var rows = Enumerable.Range(0, Rows).Select(r =>
            new Row { Features = new VBuffer<float>(slots, PerRow, ones, indices[offsets[r]..offsets[r + 1]]), Label = labels[r] }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>The rows in order as TorchSharp batches: a sparse COO tensor (batch × slots; its entries in row-major order, distinct, though TorchSharp 0.107 cannot mark it coalesced) and the labels.</summary>
    private sealed class TorchBatches : IDisposable
    {
        public TorchBatches(int slots, int[] offsets, int[] indices, bool[] labels)
        {
            for (int start = 0; start < Rows; start += Batch)
            {
                int end = Math.Min(Rows, start + Batch), count = offsets[end] - offsets[start];
                var coordinates = new long[2 * count];
                for (int r = start, k = 0; r < end; r++)
                    for (int e = offsets[r]; e < offsets[r + 1]; e++, k++)
                    {
                        coordinates[k] = r - start;
                        coordinates[count + k] = indices[e];
                    }
                using var at = torch.tensor(coordinates, [2, count]);
                using var values = torch.ones(count);
                X.Add(torch.sparse_coo_tensor(at, values, [end - start, slots]));
                Y.Add(torch.tensor(labels[start..end].Select(l => l ? 1f : 0f).ToArray(), [end - start, 1]));
            }
        }

        public List<Tensor> X { get; } = [];

        public List<Tensor> Y { get; } = [];

        public void Dispose()
        {
            foreach (var t in X.Concat(Y)) t.Dispose();
        }
    }
}
