using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

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

    /// <summary>The passes over a stream before its epochs with the default options on dense rows: the counting pass and
    /// the pass that samples the rows the automatic input stage learns its statistics from.</summary>
    private const int BeforeTraining = 2;

    [Fact]
    public void Fit_Streaming_OneCursorPerEpochPlusTheCountingAndSamplePassesAndNoFinalPassWhenTheWeightsBoundTheOutputs()
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
        counting.Cursors.ShouldBe(BeforeTraining + 4);
        options.EnsembleSize = 3; // each network streams its own epochs; the counting and sample passes are the model's
        new BackpropTrainer(ml, options).Fit(counting);
        counting.Cursors.ShouldBe(BeforeTraining + 4 + (BeforeTraining + 3 * 4));
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

    /// <summary>Streaming left automatic: epochs, patience and the hold-out as in memory.</summary>
    private static BackpropTrainer.Options StreamingDefaults(int blockSize = 256)
    {
        var options = Streaming(blockSize);
        options.NumberOfEpochs = null;
        return options;
    }

    /// <summary>The rows of <paramref name="rows"/> the draw of network seed <paramref name="seed"/> holds out.</summary>
    private static int HeldOut(int rows, int seed, float share) => Enumerable.Range(0, rows).Count(r => TrainingSplit.HeldOutByRow((ulong)seed, r, share));

    [Fact]
    public void Fit_StreamingDefaults_HoldsOutATenthByRowAndStopsEarlyOnIt()
    {
        var ml = new MLContext(seed: 1);
        var options = StreamingDefaults();
        options.EnsembleSize = 1;

        var history = new BackpropTrainer(ml, options).Fit(Tabular.Load(ml, 2000, 1)).Model.History;

        int held = HeldOut(2000, seed: 1, 0.1f);
        history.Settings!.HoldOutFraction.ShouldBe(0.1f);
        history.Settings.ValidationRows.ShouldBe(held);
        history.Settings.TrainingRows.ShouldBe(2000 - held);
        history.Settings.EarlyStoppingPatience.ShouldNotBeNull();
        history.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
        history.StopReason.ShouldBe(StopReason.EarlyStopped);
        history.Epochs.Count.ShouldBeLessThan(history.Settings.MaximumEpochs);
    }

    [Fact]
    public void Fit_StreamingDefaultsEnsemble_EachNetworkHoldsOutItsOwnRows()
    {
        var ml = new MLContext(seed: 1);
        var options = StreamingDefaults();
        options.EnsembleSize = 2;
        options.Calibration = ProbabilityCalibration.Platt;

        var model = new BackpropTrainer(ml, options).Fit(Tabular.Load(ml, 2000, 1)).Model;

        // Platt is fitted on both networks' held-out rows together (each network's logits on its own rows).
        int first = HeldOut(2000, seed: 1, 0.1f), second = HeldOut(2000, BackpropTrainer.MemberSeed(1, 1), 0.1f);
        model.History.Settings!.ValidationRows.ShouldBe(first);
        model.History.Calibration!.Rows.ShouldBe(first + second);
        model.Calibration.ShouldBe(ProbabilityCalibration.Platt);
    }

    [Fact]
    public void Fit_StreamingDefaultsOneVersusTwoThreads_BitIdenticalWeights()
    {
        float[][] Train(int threads)
        {
            var ml = new MLContext(seed: 1);
            var options = StreamingDefaults();
            options.NumberOfThreads = threads;
            var model = new BackpropTrainer(ml, options).Fit(Tabular.Load(ml, 700, 1)).Model;
            model.History.Settings!.ValidationRows.ShouldBeGreaterThan(0);
            return model.Network.Parameters.Select(p => p.Values).ToArray();
        }
        Train(2).ShouldBe(Train(1));
    }

    [Fact]
    public void Fit_StreamingDefaultsWithValidationData_ValidatesOnTheGivenRowsAndHoldsNothingOut()
    {
        var ml = new MLContext(seed: 1);
        var counting = new CountingView(Tabular.Load(ml, 800, 1));
        var options = StreamingDefaults();
        options.EnsembleSize = 1;

        var history = new BackpropTrainer(ml, options).Fit(counting, Tabular.Load(ml, 300, 2)).Model.History;

        history.Settings!.HoldOutFraction.ShouldBe(0f);
        history.Settings.ValidationRows.ShouldBe(300);
        history.Settings.TrainingRows.ShouldBe(800);
        counting.Cursors.ShouldBe(BeforeTraining + history.Epochs.Count); // no hold-out pass
    }

    [Fact]
    public void Fit_StreamingHoldOut_OneMorePassPerNetworkReadsItsHeldOutRows()
    {
        var ml = new MLContext(seed: 1);
        var counting = new CountingView(Tabular.Load(ml, 500, 1));
        var options = Streaming();
        options.NumberOfEpochs = 4;
        options.ValidationFraction = 0.2f;
        options.EnsembleSize = 1;

        var history = new BackpropTrainer(ml, options).Fit(counting).Model.History;

        history.Settings!.ValidationRows.ShouldBe(HeldOut(500, seed: 1, 0.2f));
        counting.Cursors.ShouldBe(BeforeTraining + 1 + 4);
    }

    [Fact]
    public void Fit_StreamingWithValidationFraction_HoldsOutThatShareByRow()
    {
        var ml = new MLContext(seed: 1);
        var options = Streaming();
        options.ValidationFraction = 0.3f;
        options.EnsembleSize = 1;

        var history = new BackpropTrainer(ml, options).Fit(Tabular.Load(ml, 1000, 1)).Model.History;

        history.Settings!.HoldOutFraction.ShouldBe(0.3f);
        history.Settings.ValidationRows.ShouldBe(HeldOut(1000, seed: 1, 0.3f));
        history.Epochs.Count.ShouldBe(20); // fixed epochs are trained in full, validated on the hold-out
        history.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
    }

    [Fact]
    public void Fit_StreamingWithAValidationFractionThatHoldsOutNoRow_ThrowsNamingOption()
    {
        var ml = new MLContext(seed: 1);
        var options = Streaming();
        options.ValidationFraction = 0.001f;
        options.EnsembleSize = 1;
        options.Seed = Enumerable.Range(1, 100).First(seed => HeldOut(100, seed, 0.001f) == 0); // about 9 seeds in 10

        Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(ml, options).Fit(Tabular.Load(ml, 100, 1))).ParamName.ShouldBe("ValidationFraction");
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
