using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests;

/// <summary>What the automatic settings do: the hold-out, the epoch budget and early stopping, and that a user's
/// validation data and explicit options win.</summary>
public class BackpropTrainerDefaultsTests
{
    private static (TrainingHistory History, List<string> Log) Fit(BackpropTrainer.Options options, int rows, int? validationRows = null)
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
        options.HiddenLayers = [32];
        options.EnsembleSize = 1;
        var trainer = new BackpropTrainer(ml, options);
        var train = Noisy(ml, rows, 1);
        var model = validationRows is int v ? trainer.Fit(train, Noisy(ml, v, 2)) : trainer.Fit(train);
        return (model.Model.History, log);
    }

    /// <summary>Tabular rows with 30% of the labels flipped: a network trained long enough overfits them.</summary>
    private static IDataView Noisy(MLContext ml, int rows, ulong seed)
    {
        var random = new Random((int)seed);
        var data = Tabular.Rows(rows, seed);
        foreach (var row in data) if (random.NextDouble() < 0.3) row.Label = !row.Label;
        return ml.Data.LoadFromEnumerable(data);
    }

    /// <summary>The validation rows of a run held out from 1000, from the trainer's log line.</summary>
    private static int HeldOut(List<string> log)
    {
        var match = log.Select(m => System.Text.RegularExpressions.Regex.Match(m, @"on (\d+) rows, validating on (\d+)")).First(m => m.Success);
        int training = int.Parse(match.Groups[1].Value), validation = int.Parse(match.Groups[2].Value);
        (training + validation).ShouldBe(1000);
        return validation;
    }

    [Fact]
    public void Fit_Defaults_HoldOutATenthStopEarlyAndKeepTheBestEpoch()
    {
        var (history, log) = Fit(new BackpropTrainer.Options { Seed = 1 }, rows: 1000);

        HeldOut(log).ShouldBeInRange(98, 102); // a tenth of each class, rounded
        history.Epochs.ShouldAllBe(e => e.ValidationLoss.HasValue);
        history.StopReason.ShouldBe(StopReason.EarlyStopped);
        int patience = AutomaticSettings.Patience(1000 - HeldOut(log), Defaults.BatchSize);
        history.Epochs.Count.ShouldBe(history.BestEpoch + patience);
        history.Epochs[history.BestEpoch - 1].ValidationLoss.ShouldBe(history.Epochs.Min(e => e.ValidationLoss!.Value));
    }

    [Fact]
    public void Fit_DefaultsWithValidationData_UseItInsteadOfAHoldOut()
    {
        var (history, log) = Fit(new BackpropTrainer.Options { Seed = 1 }, rows: 1000, validationRows: 300);

        log.ShouldContain(m => m.Contains("on 1000 rows, validating on 300"));
        history.StopReason.ShouldBe(StopReason.EarlyStopped);
        history.Epochs.Count.ShouldBe(history.BestEpoch + AutomaticSettings.Patience(1000, Defaults.BatchSize));
    }

    [Fact]
    public void Fit_ValidationFractionZero_TrainsTheWholeEpochBudgetWithoutValidation()
    {
        var (history, log) = Fit(new BackpropTrainer.Options { Seed = 1, ValidationFraction = 0 }, rows: 1000);

        log.ShouldContain(m => m.Contains("on 1000 rows;"));
        history.StopReason.ShouldBe(StopReason.Completed);
        history.Epochs.Count.ShouldBe(AutomaticSettings.Epochs(1000, Defaults.BatchSize));
        history.Epochs.ShouldAllBe(e => e.ValidationLoss == null);
    }

    [Fact]
    public void Fit_ExplicitEpochs_TrainsExactlyThatManyWithoutHoldOut()
    {
        var (history, log) = Fit(new BackpropTrainer.Options { Seed = 1, NumberOfEpochs = 7 }, rows: 1000);

        log.ShouldContain(m => m.Contains("on 1000 rows;"));
        history.Epochs.Count.ShouldBe(7);
        history.StopReason.ShouldBe(StopReason.Completed);
        history.BestEpoch.ShouldBe(7);
    }

    [Fact]
    public void Fit_ExplicitEpochsAndPatience_HoldsOutAutomaticallyAndStopsWithThatPatience()
    {
        var (history, log) = Fit(new BackpropTrainer.Options { Seed = 1, NumberOfEpochs = 400, EarlyStoppingPatience = 3 }, rows: 1000);

        HeldOut(log).ShouldBeInRange(98, 102);
        history.StopReason.ShouldBe(StopReason.EarlyStopped);
        history.Epochs.Count.ShouldBe(history.BestEpoch + 3);
    }

    [Fact]
    public void Fit_FewClassificationRows_HoldOutTheMinimumRowsAndStopEarly()
    {
        // 10% of 180 rows would be 18 validation rows: a classifier holds out 20 instead (stratified, so about 20).
        var (history, log) = Fit(new BackpropTrainer.Options { Seed = 1 }, rows: 180);

        var match = log.Select(m => System.Text.RegularExpressions.Regex.Match(m, @"on (\d+) rows, validating on (\d+)")).First(m => m.Success);
        int training = int.Parse(match.Groups[1].Value), validation = int.Parse(match.Groups[2].Value);
        (training + validation).ShouldBe(180);
        validation.ShouldBeInRange(Defaults.MinimumValidationRows - 1, Defaults.MinimumValidationRows + 1);
        history.Settings!.HoldOutFraction.ShouldBe(AutomaticSettings.HoldOut(180, BackpropTask.BinaryClassification));
        history.Epochs.ShouldAllBe(e => e.ValidationLoss.HasValue);
        history.StopReason.ShouldBe(StopReason.EarlyStopped);
    }

    [Fact]
    public void Fit_FewRegressionRows_NoHoldOutAndTheWholeEpochBudget()
    {
        // A regressor's early stop on 18 or 20 rows cost more than it saved (servo): nothing is held out below 200 rows.
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
        var options = new BackpropTrainer.Options { Seed = 1, HiddenLayers = [32], EnsembleSize = 1, LabelColumnName = "Value" };
        var history = ml.Regression.Trainers.Backprop(options).Fit(Tabular.Load(ml, 180, 1)).Model.History;

        log.ShouldContain(m => m.Contains("on 180 rows;"));
        history.Settings!.HoldOutFraction.ShouldBe(0f);
        history.Epochs.Count.ShouldBe(AutomaticSettings.Epochs(180, Defaults.BatchSize));
        history.StopReason.ShouldBe(StopReason.Completed);
    }

    [Fact]
    public void Fit_SmallMulticlass_HoldsOutEveryNetworksRowsAndMeasuresTheCalibrationOnThem()
    {
        var ml = new MLContext(seed: 1);
        var options = new BackpropTrainer.Options { Seed = 1, HiddenLayers = [16], Calibration = ProbabilityCalibration.Temperature };
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(ml.MulticlassClassification.Trainers.Backprop(options)).Fit(Tabular.Load(ml, 180, 1)).LastTransformer.Model;

        var settings = model.NetworkHistories.Select(h => h.Settings!).ToArray();
        settings.Length.ShouldBe(Defaults.EnsembleSize);
        settings.ShouldAllBe(s => s.ValidationRows > 0 && s.ValidationRows + s.TrainingRows == 180 && s.EarlyStoppingPatience != null);
        var report = model.History.Calibration!;
        report.Rows.ShouldBe(settings.Sum(s => s.ValidationRows));
        report.Method.ShouldBe(ProbabilityCalibration.Temperature); // fitted on the hold-outs, no fallback
        report.Note.ShouldBeNull();
        double.IsFinite(report.ExpectedCalibrationErrorAfter).ShouldBeTrue();
    }

    [Fact]
    public void Fit_SmallDataOfClassesTooSmallToStratify_TrainsWithoutAHoldOut()
    {
        // 40 classes of 4 rows: an eighth of each class rounds to no row, so the automatic hold-out holds none out
        // (an explicit ValidationFraction would be refused) and the epochs are trained in full, as below 160 rows.
        var ml = new MLContext(seed: 1);
        var rows = Tabular.Rows(160, 1);
        for (int i = 0; i < rows.Count; i++) rows[i].Class = $"c{i % 40}";
        var options = new BackpropTrainer.Options { Seed = 1, HiddenLayers = [8], EnsembleSize = 2 };
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(ml.MulticlassClassification.Trainers.Backprop(options)).Fit(ml.Data.LoadFromEnumerable(rows)).LastTransformer.Model;

        model.NetworkHistories.ShouldAllBe(h => h.Settings!.ValidationRows == 0 && h.Settings.TrainingRows == 160 && h.Settings.HoldOutFraction == 0f);
        model.History.StopReason.ShouldBe(StopReason.Completed);
        model.History.Epochs.Count.ShouldBe(AutomaticSettings.Epochs(160, Defaults.BatchSize));
    }

    [Fact]
    public void AutomaticSettings_EpochBudget_AdaptsToTheDataSize()
    {
        AutomaticSettings.Epochs(100, 64).ShouldBe(Defaults.MaximumEpochs);
        AutomaticSettings.Epochs(10_000_000, 64).ShouldBe(Defaults.MinimumEpochs);
        int middle = AutomaticSettings.Epochs(20_000, 64);
        middle.ShouldBeInRange(Defaults.MinimumEpochs, Defaults.MaximumEpochs);
        ((long)middle * AutomaticSettings.BatchesPerEpoch(20_000, 64)).ShouldBeInRange(Defaults.StepBudget, Defaults.StepBudget + 313);
        AutomaticSettings.Patience(100, 64).ShouldBe(Defaults.PatienceSteps / 2);
        AutomaticSettings.Patience(1_000_000, 64).ShouldBe(Defaults.Patience);
    }

    [Fact]
    public void Catalog_SimpleOverload_StartsFromTheOptionsDefaults()
    {
        var ml = new MLContext();
        var trainer = ml.BinaryClassification.Trainers.Backprop(activation: Activation.Tanh, hiddenLayers: [5]);
        var options = trainer.TrainerOptions;
        options.Activation.ShouldBe(Activation.Tanh);
        options.HiddenLayers.ShouldBe([5]);
        var defaults = new BackpropTrainer.Options();
        options.NumberOfEpochs.ShouldBe(defaults.NumberOfEpochs);
        options.LearningRate.ShouldBe(defaults.LearningRate);
        options.BatchSize.ShouldBe(defaults.BatchSize);
        options.EnsembleSize.ShouldBe(defaults.EnsembleSize);
        options.StandardizeFeatures.ShouldBe(defaults.StandardizeFeatures);
        ml.Regression.Trainers.Backprop().TrainerOptions.Activation.ShouldBe(defaults.Activation);
    }
}
