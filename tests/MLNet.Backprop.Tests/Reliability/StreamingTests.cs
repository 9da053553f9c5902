using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Streaming mode: a cursor per epoch, block shuffling, bounded memory, same guarantees as in memory.</summary>
public class StreamingTests
{
    private static BackpropTrainer.Options Streaming(int blockSize = 256) => new()
    {
        DataLoading = DataLoading.Streaming, StreamingBlockSize = blockSize, HiddenLayers = [32, 16], NumberOfEpochs = 20,
        LearningRate = 0.01f, BatchSize = 32, Seed = 1,
    };

    [Fact]
    public void Fit_Streaming_LearnsAsWellAsInMemory()
    {
        var ml = new MLContext(seed: 1);
        var test = Tabular.Load(ml, 1000, 2);
        double Auc(BackpropTrainer.Options o) => ml.BinaryClassification.Evaluate(new BackpropTrainer(ml, o).Fit(Tabular.Load(ml, 2000, 1)).Transform(test)).AreaUnderRocCurve;
        var inMemory = Streaming();
        inMemory.DataLoading = DataLoading.InMemory;
        double streamed = Auc(Streaming());
        streamed.ShouldBeGreaterThan(0.95);
        streamed.ShouldBe(Auc(inMemory), 0.02);
    }

    [Fact]
    public void Fit_Streaming_OneCursorPerEpochPlusTheCountingPassAndNoFinalPassWhenTheWeightsBoundTheOutputs()
    {
        var ml = new MLContext(seed: 1);
        var counting = new CountingView(Tabular.Load(ml, 500, 1));
        var options = Streaming();
        options.NumberOfEpochs = 4;
        options.EnsembleSize = 1;
        new BackpropTrainer(ml, options).Fit(counting);
        // Streamed rows are within ±FeatureLimits.MaxMagnitude, and with these weights that bounds every output far
        // below float's range: the final check needs no pass over the rows (an overflowing model gets one: the fuzz
        // cases in FuzzFoundCasesTests, streaming among them).
        counting.Cursors.ShouldBe(1 + 4);
        options.EnsembleSize = 3; // each network streams its own epochs; the counting pass is the model's
        new BackpropTrainer(ml, options).Fit(counting);
        counting.Cursors.ShouldBe(1 + 4 + (1 + 3 * 4));
    }

    [Fact]
    public void Fit_InMemory_ReadsTheDataOnce()
    {
        var ml = new MLContext(seed: 1);
        var counting = new CountingView(Tabular.Load(ml, 500, 1));
        var options = Streaming();
        options.DataLoading = DataLoading.InMemory;
        new BackpropTrainer(ml, options).Fit(counting);
        counting.Cursors.ShouldBe(1);
    }

    [Fact]
    public void Fit_StreamingOneVersusTwoThreads_BitIdenticalWeights()
    {
        float[][] Train(int threads)
        {
            var ml = new MLContext(seed: 1);
            var options = Streaming();
            options.NumberOfEpochs = 3;
            options.NumberOfThreads = threads;
            return new BackpropTrainer(ml, options).Fit(Tabular.Load(ml, 700, 1)).Model.Network.Parameters.Select(p => p.Values).ToArray();
        }
        Train(2).ShouldBe(Train(1));
    }

    [Fact]
    public void Fit_StreamingWithValidationDataAndBalancing_Works()
    {
        var ml = new MLContext(seed: 1);
        var options = Streaming();
        options.ClassWeighting = ClassWeighting.Balanced;
        options.EarlyStoppingPatience = 3;
        options.EarlyStoppingMetric = EarlyStoppingMetric.Auc;
        var history = new BackpropTrainer(ml, options).Fit(Tabular.Load(ml, 800, 1), Tabular.Load(ml, 300, 2)).Model.History;
        history.Epochs.ShouldAllBe(e => e.ValidationMetric > 0.8);
    }

    [Fact]
    public void Options_StreamingWithValidationFraction_ThrowsNamingOption()
    {
        var options = Streaming();
        options.ValidationFraction = 0.2f;
        Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(new MLContext(), options)).ParamName.ShouldBe("ValidationFraction");
    }

    [Fact]
    public void Fit_StreamingNaNFeature_ThrowsNamingRow()
    {
        var ml = new MLContext(seed: 1);
        var rows = Tabular.Rows(100, 1);
        rows[42].Features[0] = float.NaN;
        Should.Throw<InvalidOperationException>(() => new BackpropTrainer(ml, Streaming()).Fit(ml.Data.LoadFromEnumerable(rows))).Message.ShouldContain("row 42");
    }
}
