using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Training;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The micro-batch mode through the trainer: what a cluster can train (one network on the features as given, a
/// regression label standardised as in memory), whatever the in-process defaults, and its hold-out, drawn row by row
/// and served in place.</summary>
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

    /// <summary><see cref="Tabular"/>'s rows with Value mapped to 100 + 20·Value: a label far from unit scale.</summary>
    private static List<TabularRow> FarLabelRows(int count, ulong seed) =>
        Tabular.Rows(count, seed).Select(r => { r.Value = 100 + 20 * r.Value; return r; }).ToList();

    private static BackpropTrainer.Options RegressionOptions(bool standardizeLabel = true, float? holdOut = null)
    {
        var options = Options();
        options.LabelColumnName = "Value";
        options.StandardizeLabel = standardizeLabel;
        options.ValidationFraction = holdOut;
        return options;
    }

    private static int[] WeightBits(BackpropModel model) =>
        model.Network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Bias.ToArray())).Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void Fit_MicroBatchModeRegression_LabelStandardisedWithAllTheRowsMoments()
    {
        var rows = FarLabelRows(300, 2);
        var model = new BackpropTrainer(Ml, RegressionOptions(holdOut: 0.2f)).Fit(Ml.Data.LoadFromEnumerable(rows)).Model;

        // μ and σ of all the rows given to Fit, the held-out ones included (population deviation, in double).
        double mean = rows.Average(r => (double)r.Value), sd = Math.Sqrt(rows.Average(r => Math.Pow(r.Value - mean, 2)));
        model.TargetOffset.ShouldBe((float)mean, 1e-3f);
        model.TargetScale.ShouldBe((float)sd, 1e-3f);
        model.History.Settings!.StandardizedLabel.ShouldBeTrue();
        model.History.Settings.StandardizedFeatures.ShouldBeFalse(); // the automatic scaling clips them instead
        model.History.Settings.NumericScaling.ShouldBe(NumericScaling.RobustSmoothClip);
        model.Diagnosis.Findings.ShouldNotContain(f => f.Column == "Value"); // no label-scale warning: the trainer scales it
    }

    [Fact]
    public void Fit_MicroBatchModeRegression_ScoresInLabelUnitsAreTheNetworksOutputTimesScalePlusOffset()
    {
        var rows = FarLabelRows(300, 3);
        var data = Ml.Data.LoadFromEnumerable(rows);
        var transformer = new BackpropTrainer(Ml, RegressionOptions()).Fit(data);
        var model = transformer.Model;
        float[] scores = transformer.Transform(data).GetColumn<float>("Score").ToArray();

        // The independent path: the network's own batch pass on the raw features, then × σ + μ.
        var features = rows.SelectMany(r => r.Features).ToArray();
        var outputs = new float[rows.Count];
        model.Network.Predict(features, outputs, rows.Count);
        for (int i = 0; i < rows.Count; i++) scores[i].ShouldBe(outputs[i] * model.TargetScale + model.TargetOffset);
        double meanScore = scores.Average(s => (double)s);
        meanScore.ShouldBe(rows.Average(r => (double)r.Value), 0.5 * model.TargetScale); // label units, not standardised ones
    }

    [Theory]
    [InlineData(0f, false)]
    [InlineData(0.2f, false)]
    [InlineData(0f, true)]
    public void Fit_MicroBatchModeRegression_TrainsAsOnTheLabelStandardisedBeforehandBitForBit(float holdOut, bool validationGiven)
    {
        // The trainer's map applied to the rows before Fit (the in-memory arithmetic: (y − μ)·(1/σ) in double, to float),
        // then trained as given: the same targets reach the network, so the same weights and losses come out. The
        // validation rows (held out, or given to Fit) are scored on the same map.
        var rows = FarLabelRows(400, 4);
        var validation = validationGiven ? FarLabelRows(100, 5) : null;
        BackpropModel Fit(List<TabularRow> training, List<TabularRow>? validating, bool standardize)
        {
            var trainer = new BackpropTrainer(Ml, RegressionOptions(standardize, holdOut));
            var data = Ml.Data.LoadFromEnumerable(training);
            return (validating is null ? trainer.Fit(data) : trainer.Fit(data, Ml.Data.LoadFromEnumerable(validating))).Model;
        }
        var model = Fit(rows, validation, standardize: true);
        float inverse = 1f / model.TargetScale;
        List<TabularRow> Mapped(List<TabularRow> given) =>
            given.Select(r => { r.Value = (float)((r.Value - (double)model.TargetOffset) * inverse); return r; }).ToList();
        var asGiven = Fit(Mapped(FarLabelRows(400, 4)), validationGiven ? Mapped(FarLabelRows(100, 5)) : null, standardize: false);

        (asGiven.TargetOffset, asGiven.TargetScale).ShouldBe((0f, 1f));
        WeightBits(model).ShouldBe(WeightBits(asGiven));
        model.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(asGiven.History.Epochs.Select(e => e.TrainingLoss));
        model.History.Epochs.Select(e => e.ValidationLoss).ShouldBe(asGiven.History.Epochs.Select(e => e.ValidationLoss));
        if (holdOut > 0 || validationGiven) model.History.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
    }

    [Fact]
    public void Fit_MicroBatchModeRegressionStandardizeLabelOff_LabelAsGivenAndTold()
    {
        var model = new BackpropTrainer(Ml, RegressionOptions(standardizeLabel: false)).Fit(Ml.Data.LoadFromEnumerable(FarLabelRows(300, 2))).Model;

        (model.TargetOffset, model.TargetScale).ShouldBe((0f, 1f));
        model.History.Settings!.StandardizedLabel.ShouldBeFalse();
        model.Diagnosis.Findings.Single(f => f.Column == "Value").Advice.ShouldStartWith("set StandardizeLabel = true");
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

    [Fact]
    public void Fit_MicroBatchModeSparseDefaultsOnManySlots_HoldsOutATenthAsServedAndStopsEarlyOnIt()
    {
        // 3,000 rows of 2^18 hashed slots, 1 to 9 non-zeros a row. Counted dense (1 MB a row) the 64 MB cap held out 64
        // rows, 2 %; counted as the rows are served and held (sparse: about 48 B a row), the tenth is 300 rows, 15 kB.
        const int rows = 3_000, slots = 1 << 18;
        var options = Defaults();
        options.HiddenLayers = [8];
        var model = new BackpropTrainer(Ml, options).Fit(SparseRows.Load(Ml, rows, slots, 5, seed: 9)).Model;
        var settings = model.History.Settings!;

        model.Network.Input.Describe().ShouldBe([MLNet.Backprop.Network.Inputs.InputPartDescription.Sparse(slots)]);
        settings.HoldOutFraction.ShouldBe(0.1f);
        settings.ValidationRows.ShouldBe(Enumerable.Range(0, rows).Count(r => TrainingSplit.HeldOutByRow(3, r, 0.1f)));
        (settings.TrainingRows + settings.ValidationRows).ShouldBe(rows);
        model.History.StopReason.ShouldBe(StopReason.EarlyStopped);
        model.History.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
        model.History.Calibration.ShouldNotBeNull().Rows.ShouldBe(settings.ValidationRows);
    }
}
