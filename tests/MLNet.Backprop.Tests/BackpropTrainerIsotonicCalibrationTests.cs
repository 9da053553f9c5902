using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="ProbabilityCalibration.Isotonic"/> end to end: fitted on the pooled hold-out, undoing class
/// weighting, carried by the file and the prediction engine, refused for multiclass.</summary>
public class BackpropTrainerIsotonicCalibrationTests
{
    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class ClassRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }

    private sealed class Scored
    {
        public float Probability { get; set; }

        public float Score { get; set; }
    }

    /// <summary>P(y = 1 | x) = σ(1.5·x0 − 3): a base rate near 9 %.</summary>
    private static List<Row> Rows(int count, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, count).Select(_ =>
        {
            float x0 = (float)Gaussian(), x1 = (float)Gaussian();
            return new Row { Features = [x0, x1], Label = random.NextDouble() < 1 / (1 + Math.Exp(-(1.5 * x0 - 3))) };
        }).ToList();
    }

    private static BackpropTrainer.Options Options(ClassWeighting weighting, float validationFraction = 0.2f) => new()
    {
        HiddenLayers = [4], NumberOfEpochs = 15, EnsembleSize = 2, Seed = 3, ClassWeighting = weighting,
        Calibration = ProbabilityCalibration.Isotonic, ValidationFraction = validationFraction,
    };

    [Fact]
    public void Fit_BalancedIsotonic_MeanProbabilityIsTheBaseRateAndTheHoldOutLossFalls()
    {
        var ml = new MLContext(seed: 1);
        var model = new BackpropTrainer(ml, Options(ClassWeighting.Balanced)).Fit(ml.Data.LoadFromEnumerable(Rows(4000, 7)));
        var test = Rows(4000, 8);
        var scored = ml.Data.CreateEnumerable<Scored>(model.Transform(ml.Data.LoadFromEnumerable(test)), false).ToList();

        model.Model.Calibration.ShouldBe(ProbabilityCalibration.Isotonic);
        var report = model.Model.History.Calibration!;
        report.Note.ShouldBeNull();
        report.Rows.ShouldBe(model.Model.NetworkHistories.Sum(h => h.Settings!.ValidationRows));
        report.LogLossAfter.ShouldBeLessThan(report.LogLossBefore);
        scored.Average(s => (double)s.Probability).ShouldBe(test.Average(r => r.Label ? 1.0 : 0.0), 0.02);
        scored.ShouldAllBe(s => s.Probability > 0f && s.Probability < 1f && float.IsFinite(s.Score));
    }

    [Fact]
    public void Fit_IsotonicWithoutHoldOut_FallsBackToPriorCorrectionAndSaysSo()
    {
        var ml = new MLContext(seed: 1);
        var model = new BackpropTrainer(ml, Options(ClassWeighting.Balanced, validationFraction: 0f)).Fit(ml.Data.LoadFromEnumerable(Rows(500, 7)));
        model.Model.Calibration.ShouldBe(ProbabilityCalibration.PriorCorrection);
        model.Model.History.Calibration!.Note!.ShouldContain("Isotonic needs hold-out rows");
    }

    [Fact]
    public void Fit_IsotonicMulticlass_ThrowsNamingCalibration()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(200, 7).Select((r, i) => new ClassRow { Features = r.Features, Label = (uint)(i % 3 + 1) }).ToList();
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        var ex = Should.Throw<ArgumentOutOfRangeException>(() =>
            new BackpropTrainer(ml, Options(ClassWeighting.None)).Fit(data));
        ex.ParamName.ShouldBe(nameof(BackpropTrainer.Options.Calibration));
        ex.Message.ShouldContain("MulticlassClassification");
    }

    [Fact]
    public void SaveBackpropThenLoad_IsotonicModel_ScoresTheSameAndThePredictionEngineAgrees()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(1000, 7);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = new BackpropTrainer(ml, Options(ClassWeighting.SquareRoot)).Fit(data);
        var stream = new MemoryStream();
        ml.Model.SaveBackprop(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.LoadBackprop(stream, out _);

        var before = ml.Data.CreateEnumerable<Scored>(model.Transform(data), false).ToArray();
        var after = ml.Data.CreateEnumerable<Scored>(loaded.Transform(data), false).ToArray();
        after.Select(s => s.Probability).ShouldBe(before.Select(s => s.Probability));
        ((IEnumerable<ITransformer>)loaded).OfType<BackpropTransformer>().Single().Model.Calibration.ShouldBe(ProbabilityCalibration.Isotonic);
        var engine = ml.Model.CreatePredictionEngine<Row, Scored>(model);
        for (int i = 0; i < 5; i++) engine.Predict(rows[i]).Probability.ShouldBe(before[i].Probability);
    }
}
