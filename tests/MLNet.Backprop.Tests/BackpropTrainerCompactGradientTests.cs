using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>A sparse first layer's compact weight gradient (the rows a mini-batch touches only) against the dense one
/// (every slot's row): the same weights to the bit, and the same diagnostics, for every kind of update, with clipping,
/// L2, weight decay, on one or two threads, in memory and streaming.</summary>
public class BackpropTrainerCompactGradientTests
{
    private const int Slots = 3000;

    public static TheoryData<SparseUpdates, string> Cases() => new()
    {
        { SparseUpdates.Lazy, "" },
        { SparseUpdates.Lazy, "clipnorm" },
        { SparseUpdates.Lazy, "clipvalue" },
        { SparseUpdates.Lazy, "l2" },
        { SparseUpdates.Lazy, "adamw" },
        { SparseUpdates.Lazy, "streaming" },
        { SparseUpdates.CatchUp, "" },
        { SparseUpdates.CatchUp, "adamw" },
        { SparseUpdates.CatchUp, "l2" },
        { SparseUpdates.EveryRow, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_CompactAgainstDenseGradient_SameWeightsAndDiagnostics(SparseUpdates updates, string variant)
    {
        var ml = new MLContext(1);
        var data = SparseRows.Load(ml, 500, Slots, 10, seed: 2, dense: false);
        foreach (int threads in new[] { 1, 2 })
        {
            var (compactWeights, compactHistory) = Fit(ml, data, updates, variant, threads, dense: false);
            var (denseWeights, denseHistory) = Fit(ml, data, updates, variant, threads, dense: true);
            compactWeights.ShouldBe(denseWeights);
            compactHistory.Lines.ShouldBe(denseHistory.Lines);
            // The first layer's update ratio sums the touched rows' squares in double where the dense copy takes the whole
            // matrix's distance in float (lazy updates: the other rows did not move): the same up to rounding.
            for (int e = 0; e < denseHistory.Ratios.Length; e++)
                compactHistory.Ratios[e].ShouldBe(denseHistory.Ratios[e], 1e-6 * denseHistory.Ratios[e]);
        }
    }

    private static (float[] Weights, (string[] Lines, double[] Ratios) History) Fit(MLContext ml, IDataView data, SparseUpdates updates, string variant, int threads, bool dense)
    {
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [16], NumberOfEpochs = 4, Seed = 3, EnsembleSize = 1, BatchSize = 32, NumberOfThreads = threads,
            SparseUpdates = updates, RecordDiagnostics = true, DenseSparseGradient = dense,
            GradientClipNorm = variant == "clipnorm" ? 0.05f : null,
            GradientClipValue = variant == "clipvalue" ? 0.001f : null,
            L2Regularization = variant == "l2" ? 1e-3f : 0f,
            Optimizer = variant == "adamw" ? OptimizerKind.AdamW : OptimizerKind.Adam,
            DataLoading = variant == "streaming" ? DataLoading.Streaming : DataLoading.InMemory,
            StreamingBlockSize = 128,
        };
        var model = ml.BinaryClassification.Trainers.Backprop(options).Fit(data).Model;
        model.Network.Input.Describe().ShouldBe([MLNet.Backprop.Network.Inputs.InputPartDescription.Sparse(Slots)]);
        // Compact wherever the rows are updated where touched: lazily, or caught up (not with L2, which takes every row,
        // nor with weight decay, whose catch-up may take a step on every row).
        bool compact = !dense && (updates == SparseUpdates.Lazy || (updates == SparseUpdates.CatchUp && variant is not "l2" and not "adamw"));
        model.Network.Layers[0].WeightParameter.Touched!.Compact.ShouldBe(compact);
        var epochs = model.History.Epochs;
        var lines = epochs.Select(e => $"{e.TrainingLoss:R} " + string.Join(";", e.Layers.Select(l =>
            $"{l.GradientNormMean:R},{l.GradientNormMax:R},{(l.Layer == 0 ? "" : l.UpdateRatio.ToString("R"))},{l.GradientHistogram?.Zeros}," +
            string.Join(",", l.GradientHistogram?.Counts ?? [])))).ToArray();
        return ([.. model.Network.Layers[0].WeightParameter.Values], (lines, epochs.Select(e => e.Layers[0].UpdateRatio).ToArray()));
    }
}
