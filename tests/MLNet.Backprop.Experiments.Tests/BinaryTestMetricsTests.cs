using Microsoft.ML;
using MLNet.Backprop.Experiments;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Experiments.Tests;

/// <summary>The binary test metrics the sweep, the samples and the quality tool print: ML.NET's figures bit for bit on
/// ordinary scored rows, and a defined figure where ML.NET's claims more than the rows say.</summary>
public class BinaryTestMetricsTests
{
    private sealed class Scored
    {
        public bool Label { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private sealed class Uncalibrated
    {
        public bool Label { get; set; }
        public float Score { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private sealed class NumericLabel
    {
        public float Label { get; set; }
        public float Score { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private static IDataView Rows(MLContext ml, bool[] labels, float[] probabilities) =>
        ml.Data.LoadFromEnumerable(labels.Select((y, i) => new Scored
        {
            Label = y, Probability = probabilities[i], PredictedLabel = probabilities[i] > 0.5f,
            // The logit, as a calibrated model's Score: the ranking the AUCs read.
            Score = probabilities[i] is 0f or 1f ? (probabilities[i] == 0 ? -40f : 40f) : (float)Math.Log(probabilities[i] / (1.0 - probabilities[i])),
        }).ToList());

    [Fact]
    public void Evaluate_ConstantScoresWithThePositivesFirst_PrAucIsThePositiveShareNotOne()
    {
        // A model that learned nothing: one score for every row. ML.NET's PR-AUC walks the tied rows in row order, so
        // with the positives first it reported a perfect 1 (and another figure for another row order).
        var ml = new MLContext(0);
        bool[] labels = [true, true, true, false, false, false, false, false, false, false];
        var scored = Rows(ml, labels, [.. labels.Select(_ => 0.3f)]);
        ml.BinaryClassification.Evaluate(scored).AreaUnderPrecisionRecallCurve.ShouldBe(1, "ML.NET's figure this test corrects");

        var metrics = BinaryTestMetrics.Evaluate(ml, scored);

        metrics.AreaUnderPrecisionRecallCurve.ShouldBe(0.3);
        // scikit-learn's average_precision_score of a constant score is the positive share too (one threshold).
        metrics.AreaUnderPrecisionRecallCurve.ShouldBe(DecisionThreshold.AveragePrecision([.. labels.Select(_ => 0.3f)], labels), 1e-15);
        metrics.AreaUnderRocCurve.ShouldBe(0.5);
    }

    [Fact]
    public void Evaluate_NegativeRowWithProbabilityExactlyOne_LogLossIsFiniteWithTheProbabilityClamped()
    {
        var ml = new MLContext(0);
        bool[] labels = [false, true, false, true];
        float[] probabilities = [1f, 0.9f, 0.2f, 0.6f];
        var scored = Rows(ml, labels, probabilities);
        double.IsPositiveInfinity(ml.BinaryClassification.Evaluate(scored).LogLoss).ShouldBeTrue("ML.NET's figure this test corrects");

        double? logLoss = BinaryTestMetrics.Evaluate(ml, scored).LogLoss;

        double expected = (-Math.Log2(1e-15) - Math.Log2(0.9f) - Math.Log2(1 - (double)0.2f) - Math.Log2(0.6f)) / 4;
        logLoss.ShouldNotBeNull();
        logLoss.Value.ShouldBe(expected, 1e-12);
    }

    [Fact]
    public void Evaluate_PositiveRowWithProbabilityExactlyZero_LogLossIsFinite()
    {
        var ml = new MLContext(0);
        var scored = Rows(ml, [true, false, true], [0f, 0.1f, 0.8f]);
        double.IsPositiveInfinity(ml.BinaryClassification.Evaluate(scored).LogLoss).ShouldBeTrue();

        BinaryTestMetrics.Evaluate(ml, scored).LogLoss!.Value.ShouldBe((-Math.Log2(1e-15) - Math.Log2(1 - (double)0.1f) - Math.Log2(0.8f)) / 3, 1e-12);
    }

    [Fact]
    public void Evaluate_NoPositiveFlagged_F1IsZero()
    {
        // F1 = 2·TP / (2·TP + FP + FN): 0 when no positive is caught (ML.NET's 2·P·R / (P + R) would be 0/0; it gives 0).
        var ml = new MLContext(0);
        var metrics = BinaryTestMetrics.Evaluate(ml, Rows(ml, [true, false, false, true], [0.4f, 0.1f, 0.2f, 0.3f]));
        metrics.F1Score.ShouldBe(0);
        metrics.Accuracy.ShouldBe(0.5);
    }

    [Fact]
    public void Evaluate_ModelScoredTestRows_EveryFigureIsMlNetsBitForBit()
    {
        var ml = new MLContext(0);
        var model = new BackpropTrainer(ml, new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 5, BatchSize = 32 }).Fit(Tabular.Load(ml, 400, 1));
        var scored = model.Transform(Tabular.Load(ml, 300, 2));
        var mlNet = ml.BinaryClassification.Evaluate(scored);

        var metrics = BinaryTestMetrics.Evaluate(ml, scored);

        BitConverter.DoubleToInt64Bits(metrics.AreaUnderRocCurve).ShouldBe(BitConverter.DoubleToInt64Bits(mlNet.AreaUnderRocCurve));
        BitConverter.DoubleToInt64Bits(metrics.AreaUnderPrecisionRecallCurve).ShouldBe(BitConverter.DoubleToInt64Bits(mlNet.AreaUnderPrecisionRecallCurve));
        BitConverter.DoubleToInt64Bits(metrics.Accuracy).ShouldBe(BitConverter.DoubleToInt64Bits(mlNet.Accuracy));
        BitConverter.DoubleToInt64Bits(metrics.F1Score).ShouldBe(BitConverter.DoubleToInt64Bits(mlNet.F1Score));
        BitConverter.DoubleToInt64Bits(metrics.LogLoss!.Value).ShouldBe(BitConverter.DoubleToInt64Bits(mlNet.LogLoss));
    }

    [Fact]
    public void Evaluate_NoProbabilityColumn_LogLossIsNullAndTheRankingMetricsAreMlNets()
    {
        var ml = new MLContext(0);
        var scored = ml.Data.LoadFromEnumerable(new[]
        {
            new Uncalibrated { Label = true, Score = 2, PredictedLabel = true }, new Uncalibrated { Label = false, Score = -1 },
            new Uncalibrated { Label = true, Score = -0.5f }, new Uncalibrated { Label = false, Score = -3 },
        });
        var mlNet = ml.BinaryClassification.EvaluateNonCalibrated(scored);

        var metrics = BinaryTestMetrics.Evaluate(ml, scored);

        metrics.LogLoss.ShouldBeNull();
        metrics.AreaUnderRocCurve.ShouldBe(mlNet.AreaUnderRocCurve);
        metrics.AreaUnderPrecisionRecallCurve.ShouldBe(mlNet.AreaUnderPrecisionRecallCurve);
    }

    [Fact]
    public void Evaluate_OneClass_ThrowsNamingTheLabelColumn()
    {
        var ml = new MLContext(0);
        var scored = Rows(ml, [false, false, false], [0.1f, 0.4f, 0.7f]);

        var error = Should.Throw<ArgumentException>(() => BinaryTestMetrics.Evaluate(ml, scored));

        error.ParamName.ShouldBe("scored");
        error.Message.ShouldContain("'Label' holds only false in the 3 rows");
    }

    [Fact]
    public void Evaluate_NoRows_Throws()
    {
        var ml = new MLContext(0);
        var error = Should.Throw<ArgumentException>(() => BinaryTestMetrics.Evaluate(ml, Rows(ml, [], [])));
        error.Message.ShouldContain("no row");
    }

    [Fact]
    public void Evaluate_NaNProbability_ThrowsNamingTheRow()
    {
        var ml = new MLContext(0);
        var scored = ml.Data.LoadFromEnumerable(new[]
        {
            new Scored { Label = true, Score = 1, Probability = 0.73f, PredictedLabel = true },
            new Scored { Label = false, Score = 0.5f, Probability = float.NaN }, new Scored { Label = true, Score = -1, Probability = 0.27f },
        });

        var error = Should.Throw<ArgumentException>(() => BinaryTestMetrics.Evaluate(ml, scored));
        error.Message.ShouldContain("row 1");
        error.Message.ShouldContain("Probability");
    }

    [Fact]
    public void Evaluate_InfiniteScore_ThrowsInsteadOfLeavingTheRowOut()
    {
        // ML.NET's evaluator skips a row whose score is not finite, in every metric, without a word.
        var ml = new MLContext(0);
        var scored = ml.Data.LoadFromEnumerable(new[]
        {
            new Scored { Label = true, Score = float.PositiveInfinity, Probability = 1, PredictedLabel = true },
            new Scored { Label = false, Score = -1, Probability = 0.27f }, new Scored { Label = true, Score = 1, Probability = 0.73f, PredictedLabel = true },
        });

        var error = Should.Throw<ArgumentException>(() => BinaryTestMetrics.Evaluate(ml, scored));
        error.Message.ShouldContain("row 0");
        error.Message.ShouldContain("Score");
    }

    [Fact]
    public void Evaluate_LabelNotBoolean_ThrowsNamingTheColumn()
    {
        var ml = new MLContext(0);
        var scored = ml.Data.LoadFromEnumerable(new[] { new NumericLabel { Label = 1, Score = 1, PredictedLabel = true } });
        var error = Should.Throw<ArgumentException>(() => BinaryTestMetrics.Evaluate(ml, scored, "Label"));
        error.Message.ShouldContain("'Label'");
        error.Message.ShouldContain("Boolean");
    }
}
