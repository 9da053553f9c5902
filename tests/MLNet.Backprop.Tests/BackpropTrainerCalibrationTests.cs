using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests;

/// <summary>Probability calibration end to end: class weighting's prior undone, the hold-out fits, the weights untouched,
/// the calibration carried by the files.</summary>
public class BackpropTrainerCalibrationTests
{
    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public uint Class { get; set; }
    }

    private sealed class Scored
    {
        public float Probability { get; set; }

        public float Score { get; set; }
    }

    private sealed class ScoredClass
    {
        public float[] Score { get; set; } = [];
    }

    /// <summary>P(y = 1 | x) = σ(1.5·x0 − 3): a logistic model with a base rate near 9 %; Class = 1 + argmax of a softmax with priors 0.7, 0.2, 0.1.</summary>
    private static List<Row> Rows(int count, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
        var rows = new List<Row>(count);
        for (int i = 0; i < count; i++)
        {
            float x0 = (float)Gaussian(), x1 = (float)Gaussian();
            double u = random.NextDouble();
            uint c = u < 0.7 ? 1u : u < 0.9 ? 2u : 3u;
            rows.Add(new Row { Features = [x0, x1 + (c - 2) * 0.8f], Label = random.NextDouble() < 1 / (1 + Math.Exp(-(1.5 * x0 - 3))), Class = c });
        }
        return rows;
    }

    private static BackpropTrainer.Options Binary(ClassWeighting weighting, ProbabilityCalibration calibration) => new()
    {
        HiddenLayers = [4], NumberOfEpochs = 15, EnsembleSize = 1, Seed = 3, ClassWeighting = weighting, Calibration = calibration,
    };

    private static (BackpropTransformer Model, double MeanProbability, double BaseRate) FitBinary(BackpropTrainer.Options options)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(4000, 7));
        var test = Rows(4000, 8);
        var model = new BackpropTrainer(ml, options).Fit(train);
        var scored = ml.Data.CreateEnumerable<Scored>(model.Transform(ml.Data.LoadFromEnumerable(test)), false).ToList();
        return (model, scored.Average(s => s.Probability), test.Average(r => r.Label ? 1.0 : 0.0));
    }

    [Fact]
    public void Fit_BalancedWithAuto_MeanProbabilityIsTheBaseRate()
    {
        var (model, mean, baseRate) = FitBinary(Binary(ClassWeighting.Balanced, ProbabilityCalibration.Auto));
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.PriorCorrection);
        mean.ShouldBe(baseRate, 0.02);
    }

    [Fact]
    public void Fit_BalancedWithAutoAndHoldOut_IsPlattOnTheHoldOut()
    {
        var options = Binary(ClassWeighting.Balanced, ProbabilityCalibration.Auto);
        options.ValidationFraction = 0.2f;
        var (model, mean, baseRate) = FitBinary(options);
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.Platt);
        model.Model.History.Calibration!.Note.ShouldBeNull();
        mean.ShouldBe(baseRate, 0.02);
    }

    [Fact]
    public void Fit_SquareRootWithAuto_MeanProbabilityIsTheBaseRate()
    {
        var (model, mean, baseRate) = FitBinary(Binary(ClassWeighting.SquareRoot, ProbabilityCalibration.Auto));
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.PriorCorrection);
        mean.ShouldBe(baseRate, 0.02);
    }

    [Fact]
    public void Fit_SquareRootWithNone_LeansToTheRareClassLessThanBalanced()
    {
        double balanced = FitBinary(Binary(ClassWeighting.Balanced, ProbabilityCalibration.None)).MeanProbability;
        var (_, squareRoot, baseRate) = FitBinary(Binary(ClassWeighting.SquareRoot, ProbabilityCalibration.None));
        squareRoot.ShouldBeGreaterThan(baseRate + 0.03);
        squareRoot.ShouldBeLessThan(balanced - 0.03);
    }

    /// <summary><see cref="Rows"/>'s model, but the rows <see cref="TrainingSplit.HeldOutByRow"/> holds out for seed 3 and
    /// share 0.2 keep a drawn negative row with probability 0.4 only (a positive always): their event rate about 2.2 times
    /// the others', the features of each class as in the others. A hold-out drawn row by row whose class shares are far
    /// from those of the rows it was drawn from, as a chance draw of a rare class can be.</summary>
    private static List<Row> RowsWithAShiftedHoldOut(int count, int seed)
    {
        var pool = Rows(3 * count, seed);
        var random = new Random(seed + 100);
        var rows = new List<Row>(count);
        int next = 0;
        for (int r = 0; r < count; r++)
        {
            bool held = TrainingSplit.HeldOutByRow(3, r, 0.2f);
            while (held && !pool[next].Label && random.NextDouble() >= 0.4) next++;
            rows.Add(pool[next++]);
        }
        return rows;
    }

    /// <summary>Fits a binary model on <see cref="RowsWithAShiftedHoldOut"/> with the settings of <paramref name="mode"/>
    /// (one network, a fifth held out row by row, Platt under Auto); its mean probability on those rows and their event rate.</summary>
    private static (BackpropModel Model, double MeanProbability, double EventRate) FitOnAShiftedHoldOut(Action<BackpropTrainer.Options> mode)
    {
        var ml = new MLContext(seed: 1);
        var rows = RowsWithAShiftedHoldOut(4000, 7);
        var options = Binary(ClassWeighting.None, ProbabilityCalibration.Auto);
        options.ValidationFraction = 0.2f;
        mode(options);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = new BackpropTrainer(ml, options).Fit(data);
        var scored = ml.Data.CreateEnumerable<Scored>(model.Transform(data), false).ToList();
        model.Model.History.Settings!.ValidationRows.ShouldBe(Enumerable.Range(0, rows.Count).Count(r => TrainingSplit.HeldOutByRow(3, r, 0.2f)));
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.Platt);
        return (model.Model, scored.Average(s => s.Probability), rows.Average(r => r.Label ? 1.0 : 0.0));
    }

    [Fact]
    public void Fit_MicroBatchHoldOutWithAnotherEventRate_MeanProbabilityIsTheRowsEventRate()
    {
        // Before the hold-out was given the rows' class shares, Platt's intercept took the hold-out's event rate.
        var (_, mean, rate) = FitOnAShiftedHoldOut(o => o.MicroBatchSize = 32);
        mean.ShouldBe(rate, 0.02);
    }

    [Fact]
    public void Fit_StreamedHoldOutWithAnotherEventRate_MeanProbabilityIsTheRowsEventRate()
    {
        var (_, mean, rate) = FitOnAShiftedHoldOut(o => o.DataLoading = DataLoading.Streaming);
        mean.ShouldBe(rate, 0.02);
    }

    [Fact]
    public void Fit_EnsembleWithOwnHoldOuts_CalibratesOnEveryNetworksHoldOut()
    {
        var options = Binary(ClassWeighting.Balanced, ProbabilityCalibration.Platt);
        options.ValidationFraction = 0.2f;
        options.EnsembleSize = 3;
        var (model, mean, baseRate) = FitBinary(options);
        var report = model.Model.History.Calibration!;
        report.Rows.ShouldBe(model.Model.NetworkHistories.Sum(h => h.Settings!.ValidationRows));
        report.Rows.ShouldBeGreaterThan(2 * model.Model.History.Settings!.ValidationRows); // not the first network's alone
        mean.ShouldBe(baseRate, 0.02);
    }

    [Fact]
    public void Fit_TemperatureUnweighted_ScalesOnTheHoldOutWithoutShiftingThePrior()
    {
        var options = Binary(ClassWeighting.None, ProbabilityCalibration.Temperature);
        options.ValidationFraction = 0.2f;
        var (model, mean, baseRate) = FitBinary(options);
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.Temperature);
        model.Model.History.Calibration!.Note.ShouldBeNull();
        // The fit minimises the log-loss against smoothed targets; against the hard labels it is the minimum within ε.
        var report = model.Model.History.Calibration!;
        report.LogLossAfter.ShouldBeLessThan(report.LogLossBefore + 1e-4);
        model.Model.OutputCalibration!.Offsets.ShouldBe([0f]);
        model.Model.OutputCalibration!.Scale.ShouldNotBe(1f);
        mean.ShouldBe(baseRate, 0.02);
    }

    [Fact]
    public void Fit_BalancedWithNone_ProbabilitiesLeanToTheRareClass()
    {
        var (model, mean, baseRate) = FitBinary(Binary(ClassWeighting.Balanced, ProbabilityCalibration.None));
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.None);
        mean.ShouldBeGreaterThan(baseRate + 0.1);
    }

    [Fact]
    public void Fit_CalibrationSetting_LeavesTheWeightsUnchanged()
    {
        var none = FitBinary(Binary(ClassWeighting.Balanced, ProbabilityCalibration.None)).Model.Model;
        var platt = FitBinary(Binary(ClassWeighting.Balanced, ProbabilityCalibration.Platt)).Model.Model;
        for (int i = 0; i < none.Network.Parameters.Count; i++) platt.Network.Parameters[i].Values.ShouldBe(none.Network.Parameters[i].Values);
    }

    [Fact]
    public void Fit_UnweightedAutoWithoutHoldOut_IsNoCalibration()
    {
        var (model, mean, baseRate) = FitBinary(Binary(ClassWeighting.None, ProbabilityCalibration.Auto));
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.None);
        model.Model.History.Calibration!.Method.ShouldBe(ProbabilityCalibration.None);
        mean.ShouldBe(baseRate, 0.02);
    }

    [Fact]
    public void Fit_UnweightedAutoWithHoldOut_IsPlattOnTheHoldOut()
    {
        var options = Binary(ClassWeighting.None, ProbabilityCalibration.Auto);
        options.ValidationFraction = 0.2f;
        var (model, mean, baseRate) = FitBinary(options);
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.Platt);
        var report = model.Model.History.Calibration!;
        report.Note.ShouldBeNull();
        report.Rows.ShouldBe(800);
        // Maximum likelihood against Platt's smoothed targets: against the hard labels the minimum within a little.
        report.LogLossAfter.ShouldBeLessThan(report.LogLossBefore + 1e-4);
        mean.ShouldBe(baseRate, 0.02);
    }

    [Fact]
    public void Fit_Platt_FitsOnTheHoldOutAndRecordsItsMeasures()
    {
        var options = Binary(ClassWeighting.Balanced, ProbabilityCalibration.Platt);
        options.ValidationFraction = 0.2f;
        var (model, mean, baseRate) = FitBinary(options);
        var report = model.Model.History.Calibration!;
        report.Method.ShouldBe(ProbabilityCalibration.Platt);
        report.Note.ShouldBeNull();
        report.Rows.ShouldBeGreaterThan(0);
        report.Bins.Count.ShouldBe(CalibrationReport.BinCount);
        report.Bins.Sum(b => b.Weight).ShouldBe(report.Rows);
        report.LogLossAfter.ShouldBeLessThan(report.LogLossBefore);
        report.ExpectedCalibrationErrorAfter.ShouldBeLessThan(report.ExpectedCalibrationErrorBefore);
        mean.ShouldBe(baseRate, 0.02);
    }

    [Fact]
    public void Fit_PlattWithoutHoldOut_FallsBackToPriorCorrectionAndSaysSo()
    {
        var options = Binary(ClassWeighting.Balanced, ProbabilityCalibration.Platt);
        options.ValidationFraction = 0f;
        var (model, mean, baseRate) = FitBinary(options);
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.PriorCorrection);
        model.Model.History.Calibration!.Note!.ShouldContain("Calibration Platt needs hold-out rows");
        mean.ShouldBe(baseRate, 0.02);
    }

    [Fact]
    public void Fit_MulticlassBalancedWithAuto_MeanProbabilitiesAreTheClassFrequencies()
    {
        var ml = new MLContext(seed: 1);
        var test = Rows(4000, 8);
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Key", HiddenLayers = [4], NumberOfEpochs = 15, EnsembleSize = 2, Seed = 3, ClassWeighting = ClassWeighting.Balanced,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", "Class").Append(ml.MulticlassClassification.Trainers.Backprop(options));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(Rows(4000, 7)));
        model.LastTransformer.Model.Calibration.ShouldBe(ProbabilityCalibration.PriorCorrection);
        var scores = ml.Data.CreateEnumerable<ScoredClass>(model.Transform(ml.Data.LoadFromEnumerable(test)), false).ToList();
        // Key order follows first appearance in the training rows.
        var keys = ml.Data.CreateEnumerable<Row>(ml.Data.LoadFromEnumerable(Rows(4000, 7)), false).Select(r => r.Class).Distinct().ToArray();
        for (int k = 0; k < 3; k++)
            scores.Average(s => (double)s.Score[k]).ShouldBe(test.Average(r => r.Class == keys[k] ? 1.0 : 0.0), 0.03);
    }

    /// <summary>Classes 1, 2, 3 with priors 0.7, 0.2, 0.1 and one informative feature x ~ N(class − 1, 1): overlapping,
    /// so the plain argmax under-predicts the rare classes.</summary>
    private static List<Row> OverlappingClasses(int count, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, count).Select(_ =>
        {
            double u = random.NextDouble();
            uint c = u < 0.7 ? 1u : u < 0.9 ? 2u : 3u;
            return new Row { Features = [(float)(Gaussian() + c - 1), (float)Gaussian()], Class = c };
        }).ToList();
    }

    [Fact]
    public void Fit_MulticlassEqualPriors_RaisesTheRareClassesRecallWithTheSameWeights()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(OverlappingClasses(4000, 7));
        var test = ml.Data.LoadFromEnumerable(OverlappingClasses(4000, 8));
        (BackpropTransformer Model, double[] Recalls) Fit(ProbabilityCalibration calibration)
        {
            var options = new BackpropTrainer.Options { LabelColumnName = "Key", HiddenLayers = [8], NumberOfEpochs = 15, EnsembleSize = 1, Seed = 3, Calibration = calibration };
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", "Class").Append(ml.MulticlassClassification.Trainers.Backprop(options));
            var model = pipeline.Fit(train);
            var counts = ml.MulticlassClassification.Evaluate(model.Transform(test), "Key").ConfusionMatrix.Counts;
            return (model.LastTransformer, Enumerable.Range(0, 3).Select(c => counts[c][c] / counts[c].Sum()).ToArray());
        }
        var (plain, plainRecalls) = Fit(ProbabilityCalibration.None);
        var (equal, equalRecalls) = Fit(ProbabilityCalibration.EqualPriors);

        equal.Model.Calibration.ShouldBe(ProbabilityCalibration.EqualPriors);
        for (int i = 0; i < plain.Model.Network.Parameters.Count; i++) equal.Model.Network.Parameters[i].Values.ShouldBe(plain.Model.Network.Parameters[i].Values);
        // Keys in order of first appearance: the key of the 10 % class is wherever it came; its recall is the lowest of the plain model's.
        int rare = Array.IndexOf(plainRecalls, plainRecalls.Min());
        equalRecalls[rare].ShouldBeGreaterThan(plainRecalls[rare] + 0.1);
        equalRecalls.Average().ShouldBeGreaterThan(plainRecalls.Average() + 0.02);
    }

    [Fact]
    public void SaveBackpropThenLoad_EqualPriorsModel_ScoresTheSame()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(1000, 7));
        var model = new BackpropTrainer(ml, Binary(ClassWeighting.None, ProbabilityCalibration.EqualPriors)).Fit(data);
        var loaded = SavedAndLoaded.Reload(ml, model, data.Schema);
        var before = ml.Data.CreateEnumerable<Scored>(model.Transform(data), false).Select(s => s.Probability).ToArray();
        var after = ml.Data.CreateEnumerable<Scored>(loaded.Transform(data), false).Select(s => s.Probability).ToArray();
        after.ShouldBe(before);
        SavedAndLoaded.ModelOf(loaded).Calibration.ShouldBe(ProbabilityCalibration.EqualPriors);
        SavedAndLoaded.ModelOf(loaded).OutputCalibration!.Offsets.ShouldBe(model.Model.OutputCalibration!.Offsets);
    }

    [Fact]
    public void SaveBackpropThenLoad_CalibratedModel_ScoresTheSame()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(1000, 7));
        var options = Binary(ClassWeighting.Balanced, ProbabilityCalibration.Platt);
        options.ValidationFraction = 0.2f;
        var model = new BackpropTrainer(ml, options).Fit(data);
        var stream = new MemoryStream();
        ml.Model.SaveBackprop(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.LoadBackprop(stream, out _);
        var before = ml.Data.CreateEnumerable<Scored>(model.Transform(data), false).Select(s => s.Probability).ToArray();
        var after = ml.Data.CreateEnumerable<Scored>(loaded.Transform(data), false).Select(s => s.Probability).ToArray();
        after.ShouldBe(before);
        var mlp = ((IEnumerable<ITransformer>)loaded).OfType<BackpropTransformer>().Single();
        mlp.Model.Calibration.ShouldBe(ProbabilityCalibration.Platt);
        mlp.Model.History.Calibration!.ExpectedCalibrationErrorAfter.ShouldBe(model.Model.History.Calibration!.ExpectedCalibrationErrorAfter);
    }

    [Fact]
    public void PredictionEngine_CalibratedModel_GivesTheTransformsProbability()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(1000, 7);
        var model = new BackpropTrainer(ml, Binary(ClassWeighting.Balanced, ProbabilityCalibration.Auto)).Fit(ml.Data.LoadFromEnumerable(rows));
        var engine = ml.Model.CreatePredictionEngine<Row, Scored>(model);
        var batch = ml.Data.CreateEnumerable<Scored>(model.Transform(ml.Data.LoadFromEnumerable(rows.Take(5))), false).ToArray();
        for (int i = 0; i < 5; i++) engine.Predict(rows[i]).Probability.ShouldBe(batch[i].Probability);
    }
}
