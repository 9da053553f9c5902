using Microsoft.ML;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Training;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The micro-batch mode through the trainer: what a cluster can train (one network on the rows as given),
/// whatever the in-process defaults, and its hold-out, drawn row by row and served in place.</summary>
public class BackpropTrainerMicroBatchTests
{
    private static readonly MLContext Ml = new(seed: 0);

    private static BackpropTrainer.Options Options(int threads = 1) => new()
    {
        HiddenLayers = [8], BatchSize = 32, MicroBatchSize = 8, NumberOfEpochs = 3, Seed = 3, NumberOfThreads = threads,
    };

    [Fact]
    public void Fit_MicroBatchModeWithDefaultEnsembleAndStandardisation_OneNetworkOnTheRowsAsGiven()
    {
        var data = Tabular.Load(Ml, 400, 1);
        var model = new BackpropTrainer(Ml, Options()).Fit(data).Model;

        model.Networks.Count.ShouldBe(1);
        (model.TargetOffset, model.TargetScale).ShouldBe((0f, 1f));
        model.History.Epochs.Count.ShouldBe(3);
        model.History.Epochs.ShouldAllBe(e => e.ValidationLoss == null); // a number of epochs is trained in full: no automatic hold-out
    }

    [Fact]
    public void Fit_MicroBatchModeRegression_LabelNotStandardised()
    {
        var data = Tabular.Load(Ml, 300, 2);
        var options = Options();
        options.LabelColumnName = "Value";
        var model = new BackpropTrainer(Ml, options).Fit(data).Model;
        (model.TargetOffset, model.TargetScale).ShouldBe((0f, 1f));
    }

    [Fact]
    public void Fit_MicroBatchModeWithHoldOut_OneThreadOrTwo_BitIdentical()
    {
        var data = Tabular.Load(Ml, 400, 4);
        int[] Bits(int threads)
        {
            var options = Options(threads);
            options.ValidationFraction = 0.2f;
            var model = new BackpropTrainer(Ml, options).Fit(data).Model;
            model.History.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
            return model.Network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Bias.ToArray())).Select(BitConverter.SingleToInt32Bits).ToArray();
        }
        Bits(2).ShouldBe(Bits(1));
    }
    /// <summary>Binary labels drawn at random: nothing to learn, so the validation loss rises once the network memorises.</summary>
    private static IDataView Noise(int rows, int seed)
    {
        var random = new Random(seed);
        var data = Tabular.Rows(rows, (ulong)seed);
        foreach (var row in data) row.Label = random.NextDouble() < 0.5;
        return Ml.Data.LoadFromEnumerable(data);
    }

    private static BackpropTrainer.Options Defaults() => new() { HiddenLayers = [32], BatchSize = 32, MicroBatchSize = 8, Seed = 3, LearningRate = 0.01f };

    [Fact]
    public void Fit_MicroBatchModeDefaults_HoldsOutATenthRowByRowAndStopsEarly()
    {
        var model = new BackpropTrainer(Ml, Defaults()).Fit(Noise(1_000, 5)).Model;
        var settings = model.History.Settings!;

        settings.HoldOutFraction.ShouldBe(0.1f);
        settings.ValidationRows.ShouldBe(Enumerable.Range(0, 1_000).Count(r => TrainingSplit.HeldOutByRow(3, r, 0.1f)));
        (settings.TrainingRows + settings.ValidationRows).ShouldBe(1_000);
        settings.EarlyStoppingPatience.ShouldNotBeNull();
        model.History.StopReason.ShouldBe(StopReason.EarlyStopped);
        model.History.Epochs.Count.ShouldBeLessThan(settings.MaximumEpochs);
        model.History.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
    }

    [Fact]
    public void Fit_MicroBatchModeDefaultsWithValidationData_HoldsOutNothing()
    {
        var model = new BackpropTrainer(Ml, Defaults()).Fit(Noise(600, 5), Noise(100, 6)).Model;
        var settings = model.History.Settings!;

        settings.HoldOutFraction.ShouldBe(0f);
        settings.TrainingRows.ShouldBe(600);
        settings.ValidationRows.ShouldBe(100);
    }

    [Fact]
    public void Fit_MicroBatchModeDefaultsOnTooFewRows_HoldsOutNothingAsInMemory()
    {
        var options = Defaults();
        options.LabelColumnName = "Value"; // regression holds out nothing below 200 rows
        options.NumberOfEpochs = null;
        var model = new BackpropTrainer(Ml, options).Fit(Tabular.Load(Ml, 150, 7)).Model;
        var settings = model.History.Settings!;

        settings.HoldOutFraction.ShouldBe(0f);
        settings.ValidationRows.ShouldBe(0);
        settings.EarlyStoppingPatience.ShouldBeNull();
        model.History.Epochs.Count.ShouldBe(settings.MaximumEpochs);
    }

    [Fact]
    public void Fit_MicroBatchModeBinaryDefaults_CalibratedByPlattOnTheHoldOut()
    {
        var model = new BackpropTrainer(Ml, Defaults()).Fit(Tabular.Load(Ml, 2_000, 8)).Model;

        model.History.Calibration.ShouldNotBeNull().Method.ShouldBe(ProbabilityCalibration.Platt);
        model.History.Calibration!.Rows.ShouldBe(model.History.Settings!.ValidationRows);
    }
}
