using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Sizes are computed in 64 bits and memory follows the data: a feature vector of up to 2²⁰ slots trains
/// with a few rows whatever the row count knowledge or the streaming block size, and what truly cannot fit is refused
/// before any work, naming the sizes.</summary>
public class SizeLimitTests
{
    public static TheoryData<int, DataLoading> WideCases()
    {
        var data = new TheoryData<int, DataLoading>();
        foreach (int slots in new[] { 100_000, 262_144, 1 << 20 })
            foreach (var loading in new[] { DataLoading.InMemory, DataLoading.Streaming })
                data.Add(slots, loading);
        return data;
    }

    [Theory]
    [MemberData(nameof(WideCases))]
    public void Fit_WideSparseVectorWithUnknownRowCount_TrainsWithMemoryFollowingTheData(int slots, DataLoading loading)
    {
        var ml = new MLContext(seed: 1);
        var data = WideData.Load(ml, rows: 10, slots);
        data.GetRowCount().ShouldBeNull();
        var options = new BackpropTrainer.Options { HiddenLayers = [2], NumberOfEpochs = 2, Seed = 1, DataLoading = loading, RecordDiagnostics = false, EnsembleSize = 1 };

        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = new BackpropTrainer(ml, options).Fit(data);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        model.Model.History.Epochs.ShouldAllBe(e => double.IsFinite(e.TrainingLoss));
        model.Transform(data).GetColumn<float>("Score").ShouldAllBe(s => float.IsFinite(s));
        // The data is 10 dense rows (40 B per slot), the network 2 units per slot with gradients and Adam's state (32 B
        // per slot); the counting pass 16 B per slot, the feature standardisation's means and scales 16 B per slot. Chunks
        // sized by rows (16,384 × slots) took 6.3 GB at 100,000 slots.
        allocated.ShouldBeLessThan(224L * slots + (16L << 20), $"{allocated:N0} bytes allocated");
    }

    [Theory]
    [InlineData(new[] { 50_000, 50_000 })]
    [InlineData(new[] { 65_536, 65_537 })]
    public void Fit_LayersWhoseParameterCountOverflowsInt_ThrowsNamingHiddenLayersCountAndMemory(int[] hidden)
    {
        var ml = new MLContext(seed: 1);
        var ex = Should.Throw<ArgumentOutOfRangeException>(() =>
            new BackpropTrainer(ml, new BackpropTrainer.Options { HiddenLayers = hidden, NumberOfEpochs = 1 }).Fit(Tabular.Load(ml, 20, 1)));
        ex.ParamName.ShouldBe("HiddenLayers");
        long weights = (long)hidden[0] * hidden[1];
        ex.Message.ShouldContain(weights.ToString("N0"));
        ex.Message.ShouldContain("GB");
    }

    [Fact]
    public void Fit_NetworkLargerThanMemory_RefusedBeforeReadingTheData()
    {
        var ml = new MLContext(seed: 1);
        var reads = new CountingView(Tabular.Load(ml, 20, 1));
        // 8000² weights fit in one array; with gradients, Adam's two moments and the statistics' copy they take 1.3 GB.
        MemoryBudget.LimitForTests = 1L << 30;
        try
        {
            var ex = Should.Throw<ArgumentOutOfRangeException>(() =>
                new BackpropTrainer(ml, new BackpropTrainer.Options { HiddenLayers = [8000, 8000], NumberOfEpochs = 1 }).Fit(reads));
            ex.ParamName.ShouldBe("HiddenLayers");
            ex.Message.ShouldContain("1.3 GB");
            ex.Message.ShouldContain("1.1 GB this process may use");
            reads.Cursors.ShouldBe(0);
        }
        finally { MemoryBudget.LimitForTests = null; }
    }

    private sealed class ThousandColumns
    {
        [VectorType(1000)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    [Fact]
    public void Fit_DefaultEmbeddingsLargerThanMemory_RefusedNamingTheWayBackToThePlainStage()
    {
        // 1,000 dense numeric features: the plain network (~70k parameters) fits in 8 MB, the default stage's bins and
        // embeddings (up to 32 + 8 first-layer rows per feature and each feature's own layer: over 800k) do not.
        var ml = new MLContext(seed: 1);
        var rng = new Rng(3);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(_ =>
        {
            var row = new ThousandColumns { Features = [.. Enumerable.Range(0, 1000).Select(_ => (float)rng.NextGaussian())] };
            row.Label = row.Features[0] > 0;
            return row;
        }).ToList());
        MemoryBudget.LimitForTests = 8L << 20;
        try
        {
            var ex = Should.Throw<ArgumentOutOfRangeException>(() =>
                ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { NumberOfEpochs = 1, EnsembleSize = 1 }).Fit(data));
            ex.ParamName.ShouldBe("HiddenLayers");
            ex.Message.ShouldContain("NumericEncoding = None");
            Should.NotThrow(() => ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options
            {
                NumberOfEpochs = 1, EnsembleSize = 1, NumericEncoding = NumericEncoding.None,
            }).Fit(data));
        }
        finally { MemoryBudget.LimitForTests = null; }
    }

    [Fact]
    public void Fit_BatchOfWideRowsLargerThanMemory_ThrowsNamingBatchSize()
    {
        var ml = new MLContext(seed: 1);
        var data = WideData.Load(ml, rows: 300, slots: 1 << 18, unknownCount: false);
        MemoryBudget.LimitForTests = 256L << 20; // a mini-batch of 300 rows × 2¹⁸ features is 315 MB
        try
        {
            // Dense rows (SparseInput = false): a sparse batch would hold 3 entries a row.
            var ex = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(ml, new BackpropTrainer.Options
            {
                HiddenLayers = [1], BatchSize = 4096, NumberOfEpochs = 1, DataLoading = DataLoading.Streaming, SparseInput = false,
            }).Fit(data));
            ex.ParamName.ShouldBe("BatchSize");
            ex.Message.ShouldContain("262,144 features");
        }
        finally { MemoryBudget.LimitForTests = null; }
    }

    [Fact]
    public void Batch_WideRowsBeyondOneArray_LargestBufferComputedIn64Bits()
    {
        // 4096 rows × 2²⁰ features = 2³² values: an int product wraps to 0.
        TrainingFootprint.Batch(4096, 1 << 20, [64, 1]).LargestBuffer.ShouldBe(1L << 32);
    }

    [Fact]
    public void Fit_InMemoryRowsTooLargeForOneArray_ThrowsNamingSizesBeforeReading()
    {
        // Forced dense: 3,000 rows × 2²⁰ slots do not fit in one array.
        var ml = new MLContext(seed: 1);
        var data = new CountingView(WideData.Load(ml, rows: 3000, slots: 1 << 20, unknownCount: false));
        var ex = Should.Throw<InvalidOperationException>(() =>
            new BackpropTrainer(ml, new BackpropTrainer.Options { HiddenLayers = [1], NumberOfEpochs = 1, SparseInput = false }).Fit(data));
        ex.Message.ShouldContain("3,000 rows");
        ex.Message.ShouldContain("1,048,576");
        ex.Message.ShouldContain("Streaming");
        data.Rows.ShouldBe(0);
    }

    [Fact]
    public void Fit_SparseRowsAsWideAsThoseTooLargeForOneDenseArray_TrainInMemoryWithoutADenseRow()
    {
        // The same 3,000 rows × 2²⁰ slots, read sparse (the automatic path): 3 entries a row, no dense row allocated.
        var ml = new MLContext(seed: 1);
        var data = WideData.Load(ml, rows: 3000, slots: 1 << 20, unknownCount: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = new BackpropTrainer(ml, new BackpropTrainer.Options { HiddenLayers = [1], NumberOfEpochs = 1, EnsembleSize = 1, RecordDiagnostics = false }).Fit(data);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        model.Model.History.Epochs.Count.ShouldBe(1);
        // Parameters, their gradients, Adam's moments, the kept best weights and the summary's per-slot sums: about 200 B
        // a slot; one dense row alone would be 4 MB, a dense copy of the rows 12.6 GB.
        allocated.ShouldBeLessThan(256L * (1 << 20), $"{allocated:N0} bytes allocated");
    }
}
