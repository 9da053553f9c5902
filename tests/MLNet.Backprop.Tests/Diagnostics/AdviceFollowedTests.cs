using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;
using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Diagnostics;

/// <summary>
/// Does the diagnosis' advice, followed, fix what it found? Each test induces one problem the way a user would, on the
/// first rows of a real benchmark set (Boston housing, ionosphere, HPC jobs), checks the finding and that it names the
/// real cause, applies the advice programmatically (the evidence's suggested values, else the option the advice names)
/// and trains again: the finding is gone.
/// </summary>
public class AdviceFollowedTests(ITestOutputHelper output)
{
    private static readonly string[] BostonColumns = ["crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "b", "lstat"];
    private static readonly string[] IonosphereColumns = [.. Enumerable.Range(1, 34).Where(i => i != 2).Select(i => $"V{i}")]; // V2 is constant
    private static readonly string[] HpcColumns = ["compounds", "input_fields", "iterations", "num_pending", "hour"];

    /// <summary>Regression on 300 rows of Boston housing, raw units (tax ≈ 400, nox ≈ 0.5), label Value = medv.</summary>
    private static IDataView Boston(MLContext ml) => Benchmarks.Load(ml, Benchmarks.Rows("boston_housing", BostonColumns, "medv", 300), BostonColumns.Length);

    /// <summary>Binary classification on 300 (or fewer) rows of ionosphere, features in [-1, 1].</summary>
    private static IDataView Ionosphere(MLContext ml, int rows = 300) =>
        Benchmarks.Load(ml, Benchmarks.Rows("ionosphere", IonosphereColumns, "Class", rows, positive: "good"), IonosphereColumns.Length);

    /// <summary>Binary classification (class VF) on 600 rows of HPC jobs, with the protocol column as an embedding (CategoryKey).</summary>
    private static IDataView Hpc(MLContext ml)
    {
        var data = Benchmarks.Load(ml, Benchmarks.Rows("hpc", HpcColumns, "class", 600, positive: "VF", category: "protocol"), HpcColumns.Length);
        return ml.Transforms.Conversion.MapValueToKey("CategoryKey", "Category").Fit(data).Transform(data);
    }

    private sealed record Run(TrainingDiagnosis Diagnosis, TrainingHistory History)
    {
        public Finding? Find(FindingKind kind) => Diagnosis.Findings.FirstOrDefault(f => f.Kind == kind);

        public Finding Single(FindingKind kind) => Find(kind).ShouldNotBeNull(Diagnosis.ToString());

        public void ShouldNotFind(params FindingKind[] kinds) =>
            Diagnosis.Findings.ShouldNotContain(f => kinds.Contains(f.Kind) && f.Severity > FindingSeverity.Info, Diagnosis.ToString());
    }

    /// <summary>One network, one thread, seed 1; a divergence is caught and its diagnosis returned. Each run's findings
    /// and losses go to the test output (the audit's table).</summary>
    private Run Fit(Func<MLContext, IDataView> data, bool regression, BackpropTrainer.Options options, IDataView? validation = null)
    {
        var ml = new MLContext(seed: 1);
        options.EnsembleSize = 1;
        options.NumberOfThreads = 1;
        options.Seed ??= 1;
        if (regression) options.LabelColumnName = "Value";
        try
        {
            var trainer = new BackpropTrainer(ml, options);
            var model = (validation is null ? trainer.Fit(data(ml)) : trainer.Fit(data(ml), validation)).Model;
            return Told(new Run(model.Diagnosis, model.History));
        }
        catch (TrainingDivergedException diverged)
        {
            return Told(new Run(diverged.Diagnosis, diverged.History));
        }
    }

    private Run Told(Run run)
    {
        var h = run.History;
        var kept = h.Epochs.FirstOrDefault(e => e.Epoch == h.BestEpoch);
        output.WriteLine($"{h.StopReason}, {h.Epochs.Count} epochs, final training loss {h.Epochs.LastOrDefault()?.TrainingLoss:G4}, " +
            $"kept epoch's validation loss {kept?.ValidationLoss:G4}; findings: " +
            string.Join(", ", run.Diagnosis.Findings.Select(f => $"{f.Kind}({f.Severity})")));
        return run;
    }

    /// <summary>The value the finding suggests for <paramref name="option"/>: its evidence ("Suggested" + option), else
    /// "option = value" in its advice.</summary>
    private static float Suggested(Finding finding, string option)
    {
        if (finding.Evidence.TryGetValue("Suggested" + option, out double value)) return (float)value;
        var match = Regex.Match(finding.Advice, $@"\b{option} = ([-+0-9.Ee]+)");
        match.Success.ShouldBeTrue($"no {option} in: {finding.Advice}");
        return float.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static BackpropTrainer.Options SgdOnBoston(float rate, int epochs = 20) =>
        new() { Optimizer = OptimizerKind.Sgd, LearningRate = rate, NumberOfEpochs = epochs, HiddenLayers = [32] };

    [BenchmarksTheory]
    [InlineData(Activation.Tanh, 10f)]
    [InlineData(Activation.ReLU, 0.5f)]
    public void Fit_SgdLearningRateFarTooHigh_DivergenceAdviceTrainsCleanly(Activation activation, float rate)
    {
        BackpropTrainer.Options Options(float learningRate, float? clip) =>
            new() { Activation = activation, Optimizer = OptimizerKind.Sgd, LearningRate = learningRate, GradientClipNorm = clip, NumberOfEpochs = 20, HiddenLayers = [32] };
        var before = Fit(Boston, true, Options(rate, null));
        var divergence = before.Single(FindingKind.Divergence);
        divergence.Advice.ShouldStartWith("lower the learning rate");
        divergence.Advice.ShouldEndWith(", or use Adam/RMSprop"); // not "normalise the inputs": the trainer scales them
        divergence.Advice.ShouldNotContain("normalise");

        var after = Fit(Boston, true, Options(Suggested(divergence, "LearningRate"), Suggested(divergence, "ClipNorm")));

        after.History.StopReason.ShouldBe(StopReason.Completed);
        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksFact]
    public void Fit_DivergenceUnderAScheduleFloorAboveTheSuggestedRate_AdviceLowersTheFloorTooSoItIsAccepted()
    {
        // Before: "LearningRate = 0.005" alone, which the options refuse below MinimumLearningRate = 0.01.
        BackpropTrainer.Options Options(float rate, float floor, float? clip) => new()
        {
            Optimizer = OptimizerKind.Sgd, LearningRate = rate, LearningRateSchedule = LearningRateScheduleKind.Cosine, MinimumLearningRate = floor,
            GradientClipNorm = clip, NumberOfEpochs = 20, HiddenLayers = [32],
        };
        var divergence = Fit(Boston, true, Options(10f, 0.01f, null)).Single(FindingKind.Divergence);
        float rate = Suggested(divergence, "LearningRate");
        rate.ShouldBeLessThan(0.01f);
        divergence.Advice.ShouldStartWith($"lower the learning rate (LearningRate = {rate:G3} and MinimumLearningRate ≤ {rate:G3})");
        Should.Throw<ArgumentOutOfRangeException>(() => Fit(Boston, true, Options(rate, 0.01f, null))).ParamName.ShouldBe("MinimumLearningRate");

        var after = Fit(Boston, true, Options(rate, rate, Suggested(divergence, "ClipNorm")));

        after.History.StopReason.ShouldBe(StopReason.Completed);
        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksFact]
    public void Fit_SgdLearningRateTooHighWithoutDiverging_LearningRateTooHighAdviceRemovesIt()
    {
        var before = Fit(Boston, true, SgdOnBoston(0.05f));
        var finding = before.Single(FindingKind.LearningRateTooHigh);
        finding.Message.ShouldNotContain("explains it");

        var after = Fit(Boston, true, SgdOnBoston(Suggested(finding, "LearningRate")));

        after.ShouldNotFind(FindingKind.LearningRateTooHigh, FindingKind.ExplodingGradients);
        after.History.Epochs[^1].TrainingLoss.ShouldBeLessThan(before.History.Epochs[^1].TrainingLoss);
    }

    [BenchmarksTheory]
    [InlineData(OptimizerKind.Adam, 1e-6f)]
    [InlineData(OptimizerKind.Sgd, 1e-5f)]
    public void Fit_LearningRateFarTooLow_OneRoundOfTheSuggestedRateRemovesTheFinding(OptimizerKind optimizer, float rate)
    {
        // Before: the suggestion was always 10× the rate, and 1e-5 under SGD still learned nothing (three rounds to a fix).
        var before = Fit(ml => Ionosphere(ml), false, new() { Optimizer = optimizer, LearningRate = rate, NumberOfEpochs = 20, HiddenLayers = [32] });
        var finding = before.Single(FindingKind.LearningRateTooLow);
        if (optimizer == OptimizerKind.Adam) finding.Advice.ShouldNotContain("Adam"); // already on it

        var after = Fit(ml => Ionosphere(ml), false, new() { Optimizer = optimizer, LearningRate = Suggested(finding, "LearningRate"), NumberOfEpochs = 20, HiddenLayers = [32] });

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
        after.History.Epochs[^1].TrainingLoss.ShouldBeLessThan(before.History.Epochs[^1].TrainingLoss);
    }

    [Fact]
    public void Fit_SgdOnSkewedSparseRowsAtTheDefaultRate_SlowLearningBeyondTheAverageIsFoundAndTheSuggestedRateRemovesIt()
    {
        // Like SGD on the fine-food reviews (65 % great, 178k n-gram slots): the first epochs only learn the label's
        // average, from ln 2 to the constant prediction's 0.647, with steps of 1e-4 of the weights. Before: the 3.6 % fall
        // from the first epoch's loss counted as progress and nothing was found (the reviews: test AUC 0.78, 0.85 at the
        // raised rate).
        IDataView Rows(MLContext ml) => SparseRows.LoadSkewed(ml, 2000, 20_000, 30, seed: 5, positiveShare: 0.65);
        BackpropTrainer.Options Options(float rate) => new() { Optimizer = OptimizerKind.Sgd, LearningRate = rate };
        var before = Fit(Rows, false, Options(Defaults.LearningRate));
        var slow = before.Single(FindingKind.LearningRateTooLow);
        double constant = slow.Evidence["ConstantPredictionLoss"];
        before.History.Epochs[0].TrainingLoss.ShouldBeGreaterThan(constant);
        slow.Message.ShouldContain("the loss of predicting the average label for everyone, which the first epoch");
        slow.Advice.ShouldStartWith("raise the learning rate (LearningRate = ");

        var after = Fit(Rows, false, Options(Suggested(slow, "LearningRate")));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
        after.ShouldNotFind(FindingKind.LearningRateTooLow);
        double Kept(Run run) => run.History.Epochs.Single(e => e.Epoch == run.History.BestEpoch).ValidationLoss!.Value;
        Kept(after).ShouldBeLessThan(Kept(before) - 0.02);
        after.History.Epochs.Min(e => e.TrainingLoss).ShouldBeLessThan(0.8 * constant); // 0.95 × constant before
    }

    [BenchmarksFact]
    public void Fit_EightSigmoidLayers_VanishingGradientAdviceRemovesIt()
    {
        BackpropTrainer.Options Options(Activation activation, WeightInitialization initialization) => new()
        {
            Activation = activation, Initialization = initialization, Optimizer = OptimizerKind.Sgd, LearningRate = 0.1f, HiddenLayers = [32, 32, 32, 32, 32, 32, 32, 32],
            NumberOfEpochs = 10,
        };
        var finding = Fit(ml => Ionosphere(ml), false, Options(Activation.Sigmoid, WeightInitialization.Auto)).Single(FindingKind.VanishingGradients);
        finding.Advice.ShouldContain("Activation = ReLU");
        finding.Advice.ShouldNotContain("normalise the inputs"); // the trainer scales them

        var after = Fit(ml => Ionosphere(ml), false, Options(Activation.ReLU, WeightInitialization.HeNormal));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksFact]
    public void Fit_AbsurdRateSaturatesTanhLayers_VanishingAdviceLowersTheRateWhichRemovesItWhereReluDoesNot()
    {
        // Adam at 0.5 saturates both tanh layers within two epochs (100 % and 98 %): the first layer's gradient vanishes.
        // Before: "use ReLU ... with He initialisation; use fewer hidden layers", which at this rate killed every unit.
        BackpropTrainer.Options Options(Activation activation, WeightInitialization initialization, float rate) => new()
        {
            Activation = activation, Initialization = initialization, Optimizer = OptimizerKind.Adam, LearningRate = rate, HiddenLayers = [32, 32], NumberOfEpochs = 20,
        };
        var before = Fit(ml => Ionosphere(ml), false, Options(Activation.Tanh, WeightInitialization.Auto, 0.5f));
        var vanishing = before.Single(FindingKind.VanishingGradients);
        vanishing.Message.ShouldContain("; saturated units (the SaturatedUnits finding), at their bounds, pass almost no gradient back");
        vanishing.Advice.ShouldStartWith("lower the learning rate first (LearningRate = 0.003), as the SaturatedUnits finding advises; if the early layers still barely learn, use ReLU");
        Suggested(vanishing, "LearningRate").ShouldBe(Suggested(before.Single(FindingKind.SaturatedUnits), "LearningRate"));

        var lowered = Fit(ml => Ionosphere(ml), false, Options(Activation.Tanh, WeightInitialization.Auto, Suggested(vanishing, "LearningRate")));
        var relu = Fit(ml => Ionosphere(ml), false, Options(Activation.ReLU, WeightInitialization.HeNormal, 0.5f));

        lowered.Diagnosis.IsHealthy.ShouldBeTrue(lowered.Diagnosis.ToString()); // a SaturatedUnits note at most (on/off features)
        lowered.History.Epochs[^1].TrainingLoss.ShouldBeLessThan(0.2 * before.History.Epochs[^1].TrainingLoss); // 0.067 against 0.81
        // The advice given before, followed: every unit dead, the loss at the constant prediction's (0.68).
        relu.Single(FindingKind.DeadUnits).Severity.ShouldBe(FindingSeverity.Critical);
        relu.History.Epochs[^1].TrainingLoss.ShouldBeGreaterThan(5 * lowered.History.Epochs[^1].TrainingLoss);
    }

    [BenchmarksFact]
    public void Fit_ReluWithNegativeInitialBias_DeadUnitAdviceRemovesThem()
    {
        var before = Fit(ml => Ionosphere(ml), false, new() { Activation = Activation.ReLU, InitialBias = -5f, NumberOfEpochs = 10, HiddenLayers = [32, 16] });
        var dead = before.Single(FindingKind.DeadUnits);
        // Before: the message named no cause and the advice led with LeakyReLU and a lower learning rate.
        dead.Message.ShouldContain("; InitialBias = -5 explains it: every hidden unit starts with that bias");
        dead.Advice.ShouldStartWith("set InitialBias = 0 (the default); if units still die, use LeakyReLU (Activation = LeakyReLU)");
        dead.Advice.ShouldContain("keep InitialBias ≥ 0");
        dead.Advice.ShouldNotContain("normalise the inputs");
        dead.Evidence["InitialBias"].ShouldBe(-5);
        var vanishing = before.Single(FindingKind.VanishingGradients); // its cause: the dead layers pass no gradient back
        vanishing.Message.ShouldEndWith("; dead units (the DeadUnits finding) pass no gradient back");
        vanishing.Advice.ShouldStartWith("revive the dead units first, as the DeadUnits finding advises; then use fewer hidden layers");

        var after = Fit(ml => Ionosphere(ml), false, new()
        {
            Activation = Activation.LeakyReLU, InitialBias = 0f, LearningRate = Suggested(dead, "LearningRate"), NumberOfEpochs = 10, HiddenLayers = [32, 16],
        });

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksFact]
    public void Fit_ReluWithNegativeInitialBias_TheSuggestedInitialBiasAloneRevivesTheLayersAndNoLongerNamesIt()
    {
        BackpropTrainer.Options Options(float bias) => new() { Activation = Activation.ReLU, InitialBias = bias, NumberOfEpochs = 10, HiddenLayers = [32, 16] };
        var before = Fit(ml => Ionosphere(ml), false, Options(-5f));
        var dead = before.Single(FindingKind.DeadUnits);
        dead.Severity.ShouldBe(FindingSeverity.Critical); // nothing passes through either layer

        var after = Fit(ml => Ionosphere(ml), false, Options(Suggested(dead, "InitialBias")));

        // What dies now (53 % of layer 0 from epoch 3 at Adam's default rate under plain ReLU) is the advice's "if units
        // still die" part, which the first test follows: no layer is dead from the start, and the bias is not named.
        after.Diagnosis.Findings.ShouldNotContain(f => f.Kind == FindingKind.DeadUnits && (f.Severity == FindingSeverity.Critical || f.Message.Contains("InitialBias")),
            after.Diagnosis.ToString());
        after.ShouldNotFind(FindingKind.VanishingGradients);
        after.History.Epochs[^1].TrainingLoss.ShouldBeLessThan(0.5 * before.History.Epochs[^1].TrainingLoss); // 0.11 against 0.69
    }

    [BenchmarksFact]
    public void Fit_RawScalesWithStandardizeFeaturesOff_UnnormalizedInputsAdviceNamesTheOptionAndRemovesIt()
    {
        BackpropTrainer.Options Options(bool standardize) => new() { StandardizeFeatures = standardize, NumericEncoding = NumericEncoding.None, NumberOfEpochs = 20, HiddenLayers = [32] };
        var before = Fit(Boston, true, Options(false));
        var finding = before.Single(FindingKind.UnnormalizedInputs);
        finding.Advice.ShouldStartWith("set StandardizeFeatures = true");
        before.Single(FindingKind.SaturatedUnits).Advice.ShouldStartWith("normalise the inputs"); // the network sees the raw scales

        var after = Fit(Boston, true, Options(true));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
        after.History.Epochs[^1].TrainingLoss.ShouldBeLessThan(before.History.Epochs[^1].TrainingLoss);
    }

    [BenchmarksFact]
    public void Fit_RawScalesWithStandardizeFeaturesOff_TheNormaliserTheAdviceNamesRemovesIt()
    {
        BackpropTrainer.Options Options() => new() { StandardizeFeatures = false, NumericEncoding = NumericEncoding.None, NumberOfEpochs = 20, HiddenLayers = [32] };
        Fit(Boston, true, Options()).Single(FindingKind.UnnormalizedInputs).Advice.ShouldContain("NormalizeMeanVariance(\"Features\")");

        var after = Fit(ml => ml.Transforms.NormalizeMeanVariance("Features").Fit(Boston(ml)).Transform(Boston(ml)), true, Options());

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksFact]
    public void Fit_RawScalesInMicroBatchModeWithStandardizeFeaturesOff_AdviceNamesTheOptionAndTurningItOnRemovesIt()
    {
        // The micro-batch mode scales the features itself (robustly, by default) unless StandardizeFeatures is off.
        BackpropTrainer.Options Options(bool standardize) => new()
        {
            NumericEncoding = NumericEncoding.None, MicroBatchSize = 8, NumberOfEpochs = 10, HiddenLayers = [32], StandardizeFeatures = standardize,
        };
        var before = Fit(Boston, true, Options(false));
        var finding = before.Diagnosis.Findings.Single(f => f.Kind == FindingKind.UnnormalizedInputs && f.Column == null); // the label's names its column
        finding.Advice.ShouldStartWith("set StandardizeFeatures = true");

        var after = Fit(Boston, true, Options(true));

        after.Diagnosis.Findings.ShouldNotContain(f => f.Kind == FindingKind.UnnormalizedInputs && f.Column == null, after.Diagnosis.ToString());
        after.ShouldNotFind(FindingKind.SaturatedUnits);
    }

    /// <summary><see cref="Boston"/> with the features standardised in the pipeline, and the label too when <paramref name="label"/>.</summary>
    private static IDataView BostonScaled(MLContext ml, bool label)
    {
        var data = ml.Transforms.NormalizeMeanVariance("Features").Fit(Boston(ml)).Transform(Boston(ml));
        return label ? ml.Transforms.NormalizeMeanVariance("Value", fixZero: false).Fit(data).Transform(data) : data;
    }

    private static IDataView BostonScaled(MLContext ml) => BostonScaled(ml, label: false);

    [BenchmarksFact]
    public void Fit_RawLabelInMicroBatchModeWithStandardizeLabelOff_LabelScaleAdviceRemovesItAndTheLearningRateFindings()
    {
        // Before: with the features normalised, LearningRateTooLow said "raise the learning rate (LearningRate = 0.03)",
        // and at 0.03 the diagnosis found saturated units and vanishing gradients and said to lower it again. The cause
        // was the label (medv; on these 300 rows mean 25.5, deviation 8.9), trained on as given.
        BackpropTrainer.Options Options(bool standardize) => new()
        {
            NumericEncoding = NumericEncoding.None, MicroBatchSize = 8, NumberOfEpochs = 10, HiddenLayers = [32], StandardizeLabel = standardize,
        };
        var before = Fit(BostonScaled, true, Options(false));
        var label = before.Single(FindingKind.UnnormalizedInputs);
        label.Column.ShouldBe("Value");
        label.Severity.ShouldBe(FindingSeverity.Warning);
        label.Message.ShouldStartWith("label column 'Value' is far from unit scale (mean ");
        label.Message.ShouldContain("and StandardizeLabel = false trains on the label as given");
        label.Advice.ShouldStartWith("set StandardizeLabel = true (the default");
        var slow = before.Single(FindingKind.LearningRateTooLow); // the network learned nothing: loss 367 against the average's 79
        slow.Message.ShouldEndWith("; the label 'Value' is far from unit scale (the UnnormalizedInputs finding on it), the likely cause");
        slow.Advice.ShouldStartWith("scale the label as the UnnormalizedInputs finding on 'Value' advises; if it still learns nothing, raise the learning rate");

        var after = Fit(BostonScaled, true, Options(true));

        after.History.Settings!.StandardizedLabel.ShouldBeTrue();
        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    /// <summary><see cref="Boston"/> with the features standardised in the pipeline and the label as given (medv) or, for
    /// <paramref name="shift"/>, standardised and then shifted to mean <paramref name="shift"/> (deviation 1).</summary>
    private static IDataView BostonFarLabel(MLContext ml, float? shift)
    {
        if (shift is not float offset) return BostonScaled(ml);
        var rows = Benchmarks.Rows("boston_housing", BostonColumns, "medv", 300);
        double mean = rows.Average(r => (double)r.Value), deviation = Math.Sqrt(rows.Average(r => (r.Value - mean) * (r.Value - mean)));
        foreach (var row in rows) row.Value = (float)((row.Value - mean) / deviation + offset);
        var data = Benchmarks.Load(ml, rows, BostonColumns.Length);
        return ml.Transforms.NormalizeMeanVariance("Features").Fit(data).Transform(data);
    }

    [BenchmarksTheory]
    [InlineData(null)]
    [InlineData(30f)]
    public void Fit_FarLabelInMicroBatchModeAtARaisedRate_SaturationAndVanishingFindingsNameTheLabelAndScalingItRemovesThem(float? shift)
    {
        // Before: at the rate the slow run's advice raised (0.03), the saturated units and vanishing gradients said to
        // lower it again or to use ReLU; with the label standardised the same rate trains cleanly.
        BackpropTrainer.Options Options(bool standardize) => new()
        {
            NumericEncoding = NumericEncoding.None, MicroBatchSize = 8, LearningRate = 0.03f, NumberOfEpochs = 10, HiddenLayers = [32], StandardizeLabel = standardize,
            StandardizeFeatures = false, // the features as the pipeline scaled them: the label alone is at issue
        };
        var before = Fit(ml => BostonFarLabel(ml, shift), true, Options(false));
        before.Single(FindingKind.UnnormalizedInputs).Column.ShouldBe("Value");
        foreach (var kind in new[] { FindingKind.SaturatedUnits, FindingKind.VanishingGradients })
        {
            var finding = before.Single(kind);
            finding.Message.ShouldEndWith("; the label 'Value' is far from unit scale (the UnnormalizedInputs finding on it), the likely cause");
            finding.Advice.ShouldStartWith("scale the label as the UnnormalizedInputs finding on 'Value' advises; if ");
        }

        var after = Fit(ml => BostonFarLabel(ml, shift), true, Options(true));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksTheory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void Fit_FarLabelWithStandardizeLabelOff_LabelFindingNamesTheOptionAndTurningItOnRemovesTheFindings(DataLoading loading)
    {
        // Before: nothing named the label. In memory the units saturated (loss 2.3 times the label's variance, the
        // advice: a lower rate, ReLU); streamed, the slow run's advice raised the learning rate.
        BackpropTrainer.Options Options(bool standardize) => new()
        {
            StandardizeLabel = standardize, DataLoading = loading, ValidationFraction = 0, NumberOfEpochs = 20, HiddenLayers = [32],
        };
        var before = Fit(Boston, true, Options(false));
        var label = before.Single(FindingKind.UnnormalizedInputs);
        label.Column.ShouldBe("Value");
        label.Message.ShouldStartWith("label column 'Value' is far from unit scale (mean 25.48, standard deviation 8.873) and StandardizeLabel = false trains on the label as given");
        label.Advice.ShouldStartWith("set StandardizeLabel = true (the default");
        var others = before.Diagnosis.Findings.Where(f => f.Severity > FindingSeverity.Info && f != label).ToArray();
        others.ShouldNotBeEmpty(before.Diagnosis.ToString());
        others.ShouldAllBe(f => f.Advice.StartsWith("scale the label as the UnnormalizedInputs finding on 'Value' advises", StringComparison.Ordinal), before.Diagnosis.ToString());

        var after = Fit(Boston, true, Options(true));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksFact]
    public void Fit_SparseInputWithRawNumbers_UnnormalizedInputsAdviceNamesANormaliserThatExistsAndRemovesIt()
    {
        // Before: the advice named ml.Transforms.NormalizeMaxAbs, which ML.NET does not have, and the stalled run's
        // finding said "raise the learning rate".
        IDataView Data(MLContext ml, bool scale)
        {
            var encode = ml.Transforms.Categorical.OneHotEncoding("Protocol", "Category").Append(ml.Transforms.Concatenate("Features", "Features", "Protocol"));
            IEstimator<ITransformer> pipeline = scale ? encode.Append(ml.Transforms.NormalizeMinMax("Features")) : encode;
            return pipeline.Fit(Hpc(ml)).Transform(Hpc(ml));
        }
        BackpropTrainer.Options Options() => new() { SparseInput = true, NumberOfEpochs = 10, HiddenLayers = [32] };
        var before = Fit(ml => Data(ml, scale: false), false, Options());
        var finding = before.Single(FindingKind.UnnormalizedInputs);
        finding.Advice.ShouldContain(".Append(ml.Transforms.NormalizeMinMax(\"Features\"))");
        typeof(NormalizationCatalog).GetMethods().ShouldContain(m => m.Name == "NormalizeMinMax");
        typeof(NormalizationCatalog).GetMethods().ShouldNotContain(m => m.Name == "NormalizeMaxAbs");
        var stalled = before.Single(FindingKind.LearningRateTooLow);
        stalled.Message.ShouldContain("the features are far from unit scale (the UnnormalizedInputs finding), the likely cause");
        stalled.Advice.ShouldStartWith("normalise the features as the UnnormalizedInputs finding advises");

        var after = Fit(ml => Data(ml, scale: true), false, Options());

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksFact]
    public void Fit_TinyDataBigNetworkNoEarlyStopping_OverfittingAdviceKeepsTheBestEpoch()
    {
        BackpropTrainer.Options Options(int? patience, float rate) => new()
        {
            HiddenLayers = [256, 256], NumberOfEpochs = 100, ValidationFraction = 0.3f, EarlyStoppingPatience = patience, LearningRate = rate,
        };
        var before = Fit(ml => Ionosphere(ml, 60), false, Options(null, 3e-3f));
        var overfitting = before.Single(FindingKind.Overfitting);
        overfitting.Severity.ShouldBe(FindingSeverity.Warning);
        overfitting.Advice.ShouldContain("EarlyStoppingPatience");
        var spike = before.Single(FindingKind.LearningRateTooHigh); // the wide network's second epoch jumps 3.8× on Adam's default rate
        spike.Advice.ShouldNotContain("Adam");

        var after = Fit(ml => Ionosphere(ml, 60), false, Options(10, Suggested(spike, "LearningRate")));

        after.ShouldNotFind(FindingKind.Overfitting, FindingKind.LearningRateTooHigh); // told as Info: early stopping kept the best epoch
        double Kept(Run run) => run.History.Epochs.Single(e => e.Epoch == run.History.BestEpoch).ValidationLoss!.Value;
        Kept(after).ShouldBeLessThan(0.5 * Kept(before)); // 0.42 against the last epoch's 1.18
    }

    [BenchmarksFact]
    public void Fit_SgdHugeL2WhoseLossGrowsWithoutDiverging_FindingsNameL2NotTheLearningRate()
    {
        // Before: the loss grew 1e19× in 3 epochs and the LearningRateTooHigh finding advised LearningRate = 0.001, which
        // (η·λ = 1) only traded the growth for a penalty that holds every weight at 0.
        var options = SgdOnBoston(0.01f, epochs: 3);
        options.L2Regularization = 1e3f;
        var before = Fit(Boston, true, options);
        before.History.StopReason.ShouldBe(StopReason.Completed);
        foreach (var kind in new[] { FindingKind.LearningRateTooHigh, FindingKind.ExplodingGradients })
        {
            var finding = before.Single(kind);
            finding.Message.ShouldContain("L2Regularization = 1E+03 explains it: L2Regularization × LearningRate = 1E+03 × 0.01 = 10 is at least 2");
            finding.Advice.ShouldStartWith("set L2Regularization below 200, e.g. to 0.0001");
            finding.Evidence["SuggestedL2Regularization"].ShouldBe(1e-4, 1e-12);
        }

        options = SgdOnBoston(0.01f, epochs: 3);
        options.L2Regularization = Suggested(before.Single(FindingKind.LearningRateTooHigh), "L2Regularization");
        var after = Fit(Boston, true, options);

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksTheory]
    [InlineData(OptimizerKind.Momentum, "380")]
    [InlineData(OptimizerKind.Nesterov, "136")]
    public void Fit_MomentumRulesHugeL2_DivergenceNamesL2AndItsSuggestionTrainsCleanly(OptimizerKind optimizer, string bound)
    {
        var options = SgdOnBoston(0.01f);
        options.Optimizer = optimizer;
        options.L2Regularization = 1e3f;
        var divergence = Fit(Boston, true, options).Single(FindingKind.Divergence);
        divergence.Advice.ShouldStartWith($"set L2Regularization below {bound}, e.g. to 0.0001");

        options = SgdOnBoston(0.01f);
        options.Optimizer = optimizer;
        options.L2Regularization = Suggested(divergence, "L2Regularization");
        var after = Fit(Boston, true, options);

        after.History.StopReason.ShouldBe(StopReason.Completed);
        // Nesterov at this rate still saturates 61 % of the tanh units: a finding of its own, with its own advice.
        after.ShouldNotFind(FindingKind.Divergence, FindingKind.LearningRateTooHigh, FindingKind.ExplodingGradients);
    }

    [BenchmarksFact]
    public void Fit_HugeL2UnderALearningRateLowEnoughNotToGrow_NoLearningFindingNamesL2()
    {
        // The user lowered the rate as the old advice said (η·λ = 1 < 2): the weights no longer grow, the penalty holds
        // them at 0, and "raise the learning rate" (the old advice here) would make them grow again.
        var options = SgdOnBoston(0.001f);
        options.L2Regularization = 1e3f;
        var finding = Fit(Boston, true, options).Single(FindingKind.LearningRateTooLow);
        finding.Message.ShouldContain("L2Regularization = 1E+03 explains it: the L2 penalty of the initial weights");
        finding.Advice.ShouldStartWith("set L2Regularization to 0.0001");

        options = SgdOnBoston(0.001f);
        options.L2Regularization = Suggested(finding, "L2Regularization");
        var after = Fit(Boston, true, options);

        after.ShouldNotFind(FindingKind.LearningRateTooLow, FindingKind.VanishingGradients);
    }

    [BenchmarksFact]
    public void Fit_HugeEluAlphaWithoutDiverging_NoLearningFindingNamesEluAlpha()
    {
        // Before: "raise the learning rate" for a loss of 1.8e9 against the constant prediction's 1.
        BackpropTrainer.Options Options(float alpha) => new() { Activation = Activation.ELU, EluAlpha = alpha, NumberOfEpochs = 20, HiddenLayers = [32, 32] };
        var finding = Fit(Boston, true, Options(1e6f)).Single(FindingKind.LearningRateTooLow);
        finding.Message.ShouldContain("EluAlpha = 1E+06 explains it");
        finding.Advice.ShouldStartWith("set EluAlpha to 1");

        var after = Fit(Boston, true, Options(Suggested(finding, "EluAlpha")));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksFact]
    public void Fit_HeavyDropoutOnScaledInputs_SaturationAdviceSkipsNormalisingAndItsRateRemovesIt()
    {
        BackpropTrainer.Options Options(float rate) => new() { Dropout = 0.9f, LearningRate = rate, NumberOfEpochs = 30, HiddenLayers = [32] };
        var finding = Fit(ml => Ionosphere(ml), false, Options(3e-3f)).Single(FindingKind.SaturatedUnits);
        finding.Advice.ShouldStartWith("lower the learning rate (LearningRate = 0.0003)"); // the trainer already scales the inputs

        var after = Fit(ml => Ionosphere(ml), false, Options(Suggested(finding, "LearningRate")));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
        after.ShouldNotFind(FindingKind.SaturatedUnits);
    }

    [BenchmarksFact]
    public void Fit_TinyClipNorm_ExplodingGradientAdviceNamesTheClipAndNothingContradictsIt()
    {
        // Before: "lower the learning rate (0.02)" beside a LearningRateTooLow finding's "raise it (0.5)"; following the
        // first left the clipping as it was.
        BackpropTrainer.Options Options(float rate, float clip) => new()
        {
            Optimizer = OptimizerKind.Sgd, LearningRate = rate, GradientClipNorm = clip, NumberOfEpochs = 10, HiddenLayers = [32],
        };
        var before = Fit(Boston, true, Options(0.05f, 1e-3f));
        var finding = before.Single(FindingKind.ExplodingGradients);
        finding.Advice.ShouldStartWith("raise GradientClipNorm to ≈ 30");
        before.Find(FindingKind.LearningRateTooLow).ShouldBeNull(before.Diagnosis.ToString());

        var after = Fit(Boston, true, Options(Suggested(finding, "LearningRate"), Suggested(finding, "ClipNorm")));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
        after.History.Epochs[^1].TrainingLoss.ShouldBeLessThan(0.2 * before.History.Epochs[^1].TrainingLoss);
    }

    [BenchmarksFact]
    public void Fit_EmbeddingWithTinyAdamRate_FrozenEmbeddingAdviceRemovesIt()
    {
        BackpropTrainer.Options Options(float rate) => new() { CategoricalColumnNames = ["CategoryKey"], LearningRate = rate, NumberOfEpochs = 10, HiddenLayers = [32] };
        var before = Fit(Hpc, false, Options(1e-6f));
        var frozen = before.Single(FindingKind.FrozenEmbedding);
        frozen.Column.ShouldBe("CategoryKey");
        frozen.Advice.ShouldNotContain("Adam");
        // Two findings raise the rate; the user takes the larger suggestion.
        float rate = Math.Max(Suggested(frozen, "LearningRate"), Suggested(before.Single(FindingKind.LearningRateTooLow), "LearningRate"));

        var after = Fit(Hpc, false, Options(rate));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    private static BackpropTrainer.Options AdamWOnBoston(float rate, float decay) => new()
    {
        Optimizer = OptimizerKind.AdamW, LearningRate = rate, WeightDecay = decay, NumberOfEpochs = 20, HiddenLayers = [32],
    };

    [BenchmarksFact]
    public void Fit_TinyRateUnderALargeDecoupledWeightDecay_RaisedRateAdviceLowersWeightDecayToWhatTheOptionsAccept()
    {
        // Before: "LearningRate = 0.0001" alone, with WeightDecay = 1e3 a decay of 0.1 a step. At 1e-5 the decay (0.01 a
        // step) leaves the weights at 0.37 of their start after the run's 100 steps: the stall is the rate's, and the
        // decay is not named.
        var slow = Fit(Boston, true, AdamWOnBoston(1e-5f, 1e3f)).Single(FindingKind.LearningRateTooLow);
        float rate = Suggested(slow, "LearningRate"), decay = Suggested(slow, "WeightDecay");
        slow.Message.ShouldNotContain("explains it");
        slow.Advice.ShouldStartWith($"raise the learning rate (LearningRate = {rate:G3} and WeightDecay = {decay:G3}: at that rate WeightDecay = 1E+03 would decay the weights by LearningRate × WeightDecay = 0.1 a step, and this keeps it at most 0.001");
        ((double)rate * decay).ShouldBeLessThanOrEqualTo(1e-3 * (1 + 1e-6));

        var after = Fit(Boston, true, AdamWOnBoston(rate, decay)); // through the trainer's own option checks

        after.ShouldNotFind(FindingKind.LearningRateTooLow);
        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
    }

    [BenchmarksFact]
    public void Fit_HugeDecoupledWeightDecay_FindingsNameWeightDecayAndItsSuggestionAloneRemovesThem()
    {
        // Before: "use ReLU" (VanishingGradients) and "raise the learning rate (LearningRate = 0.001 and WeightDecay = 1)"
        // (LearningRateTooLow) for a decay of 0.2 a step that holds every weight below 1/λ = 5e-4; without it this rate
        // learns (0.28 against the constant prediction's 1).
        var before = Fit(Boston, true, AdamWOnBoston(1e-4f, 2e3f));
        foreach (var finding in new[] { before.Single(FindingKind.VanishingGradients), before.Single(FindingKind.LearningRateTooLow) })
        {
            finding.Message.ShouldContain("; WeightDecay = 2E+03 explains it: each step the decoupled decay takes LearningRate × WeightDecay = 0.0001 × 2E+03 = 0.2 off every weight");
            finding.Advice.ShouldStartWith("set WeightDecay to 0.01 (AdamW's default");
            finding.Advice.ShouldNotContain("WeightDecay = 1"); // the rest is judged at the suggested decay
            finding.Evidence["WeightDecay"].ShouldBe(2e3);
            finding.Evidence["SuggestedWeightDecay"].ShouldBe(0.01, 1e-9);
        }

        var after = Fit(Boston, true, AdamWOnBoston(1e-4f, Suggested(before.Single(FindingKind.LearningRateTooLow), "WeightDecay")));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
        after.History.Epochs[^1].TrainingLoss.ShouldBeLessThan(0.5 * before.History.Epochs[^1].TrainingLoss);
    }

    [BenchmarksFact]
    public void Fit_HugeDecoupledWeightDecayAtTheDefaultRate_LossBackAtTheConstantPredictionIsFoundAndNamesWeightDecay()
    {
        // Before: no finding at all. The loss fell to 0.84 in the first epochs, before the decay (0.2 a step) had pulled
        // the weights below 1/λ = 0.005, then went back to 0.99 against the constant prediction's 1 (0.05 without decay).
        var before = Fit(Boston, true, AdamWOnBoston(1e-3f, 200f));
        var finding = before.Single(FindingKind.LearningRateTooLow);
        finding.Message.ShouldStartWith("the training loss fell to ");
        finding.Message.ShouldContain("the network lost what it had learned from the features; WeightDecay = 200 explains it");
        finding.Advice.ShouldBe("set WeightDecay to 0.01 (AdamW's default; values used in practice are 1e-4 to 0.1); if it still learns nothing, " +
            "lower WeightDecay further, and check that the features carry signal");
        finding.Evidence.ShouldNotContainKey("SuggestedLearningRate"); // the rate learned before the decay undid it

        var after = Fit(Boston, true, AdamWOnBoston(1e-3f, Suggested(finding, "WeightDecay")));

        after.Diagnosis.IsHealthy.ShouldBeTrue(after.Diagnosis.ToString());
        after.History.Epochs[^1].TrainingLoss.ShouldBeLessThan(0.1 * before.History.Epochs[^1].TrainingLoss);
    }

    [BenchmarksFact]
    public void Fit_ValidationLabelMissingValueCode_DroppingTheRowRemovesTheFinding()
    {
        var ml = new MLContext(seed: 1);
        var rows = Benchmarks.Rows("boston_housing", BostonColumns, "medv", 60, skip: 300);
        rows[5].Value = 9999f * 1e4f; // a missing-value code in another unit
        var options = () => new BackpropTrainer.Options { NumberOfEpochs = 5, HiddenLayers = [32], EarlyStoppingPatience = 5 };
        var finding = Fit(Boston, true, options(), Benchmarks.Load(ml, rows, BostonColumns.Length)).Single(FindingKind.DistantValidationLabels);
        finding.Message.ShouldContain("validation row 5");

        rows.RemoveAt((int)finding.Evidence["Row"]);
        var after = Fit(Boston, true, options(), Benchmarks.Load(ml, rows, BostonColumns.Length));

        after.ShouldNotFind(FindingKind.DistantValidationLabels);
    }
}
