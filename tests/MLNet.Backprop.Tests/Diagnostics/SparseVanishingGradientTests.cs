using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>A sparse first layer's gradient RMS is taken over the rows its batches touched: over all its weights it is
/// diluted by the rows no batch reads (a 178k-slot text vocabulary: 0.0016 of the output layer's in a healthy run, below
/// the 1e-3 threshold for a wider one), and a healthy SGD run was told its early layers barely learn.</summary>
public class SparseVanishingGradientTests
{
    private const int Units = 16;

    [Fact]
    public void Fit_SparseRowsTouchingTenSlots_GradientRmsOverTheTouchedRowsAndTheBias()
    {
        // Every row holds slots 0-9 and nothing else of 2,000: every batch touches exactly those 10 rows of the first layer.
        const int slots = 2000;
        var random = new Random(4);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var values = Enumerable.Range(0, 10).Select(_ => (float)(0.1 + random.NextDouble())).ToArray();
            return new SparseRows.Row { Features = new VBuffer<float>(slots, 10, values, [.. Enumerable.Range(0, 10)]), Label = values[0] + values[1] > values[2] + 1.1f };
        }).ToList();
        var ml = new MLContext(1);
        var schema = SchemaDefinition.Create(typeof(SparseRows.Row));
        schema[nameof(SparseRows.Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
        var options = new BackpropTrainer.Options { HiddenLayers = [Units], NumberOfEpochs = 3, EnsembleSize = 1, BatchSize = 32, Seed = 2, SparseInput = true };

        var model = ml.BinaryClassification.Trainers.Backprop(options).Fit(ml.Data.LoadFromEnumerable(rows, schema)).Model;

        var network = model.Networks[0];
        foreach (var epoch in model.History.Epochs)
        {
            var first = epoch.Layers[0];
            first.GradientRms.ShouldBe(first.GradientNormMean / Math.Sqrt(10 * Units + Units), first.GradientRms * 1e-12);
            var output = epoch.Layers[1];
            // A dense layer's: over every weight and bias, the diagnosis's value before (bit for bit).
            output.GradientRms.ShouldBe(output.GradientNormMean / Math.Sqrt(network.Layers[1].Weights.Length + network.Layers[1].Bias.Length));
        }
    }

    [Fact]
    public void Fit_WideSparseVocabularyUnderSgd_NoVanishingGradients()
    {
        // 2,000,000 slots, 1-5 a row, a batch touching about a dozen: over all the first layer's weights its RMS is 4e-4
        // and 9e-4 of the output layer's in the first two epochs while the run learns (the check's run of epochs set to
        // two: the ratio rises above 1e-3 in the third).
        const int slots = 2_000_000;
        var thresholds = new DiagnosisThresholds { VanishingEpochs = 2 };
        var ml = new MLContext(1);
        var data = SparseRows.Load(ml, 1500, slots, 3, seed: 5);
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [Units], NumberOfEpochs = 8, EnsembleSize = 1, BatchSize = 4, Seed = 2, Optimizer = OptimizerKind.Sgd, LearningRate = 0.03f,
            DiagnosisThresholds = thresholds,
        };

        var model = ml.BinaryClassification.Trainers.Backprop(options).Fit(data).Model;

        var epochs = model.History.Epochs;
        int[] counts = model.Networks[0].Layers.Select(l => l.Weights.Length + l.Bias.Length).ToArray();
        var diluted = epochs.Select(e => e.Layers[0].GradientNormMean / Math.Sqrt(counts[0]) / (e.Layers[1].GradientNormMean / Math.Sqrt(counts[1]))).ToArray();
        diluted.Take(2).ShouldAllBe(r => r < thresholds.VanishingRatio); // what the check read before
        epochs[^1].TrainingLoss.ShouldBeLessThan(epochs[0].TrainingLoss * 0.95); // it learns (0.69 to 0.65)
        epochs.ShouldAllBe(e => e.Layers[0].GradientRms / e.Layers[1].GradientRms > 100 * thresholds.VanishingRatio);
        model.Diagnosis.Findings.ShouldNotContain(f => f.Kind == FindingKind.VanishingGradients, model.Diagnosis.ToString());
    }
}
