using Microsoft.ML;


namespace MLNet.Backprop.Tests;

public class DecisionThresholdTests
{
    /// <summary>Scores on a coarse grid (many ties), about one row in five positive and more likely at high scores.</summary>
    private static (float[] Scores, bool[] Labels) Random(int rows, int seed)
    {
        var rng = new System.Random(seed);
        var scores = new float[rows];
        var labels = new bool[rows];
        for (int i = 0; i < rows; i++)
        {
            scores[i] = rng.Next(0, 40) / 40f;
            labels[i] = rng.NextDouble() < 0.05 + 0.4 * scores[i];
        }
        labels[0] = true;
        labels[1] = false;
        return (scores, labels);
    }

    private static (long Tp, long Fp, long Fn) Counts(float[] s, bool[] y, double threshold)
    {
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < s.Length; i++)
        {
            bool flagged = s[i] >= threshold;
            if (flagged && y[i]) tp++;
            else if (flagged) fp++;
            else if (y[i]) fn++;
        }
        return (tp, fp, fn);
    }

    private static double[] Candidates(float[] s) => s.Select(v => (double)v).Append(double.PositiveInfinity).Distinct().OrderByDescending(v => v).ToArray();

    [Theory]
    [InlineData(1, 10.0, 1.0)]
    [InlineData(2, 1.0, 1.0)]
    [InlineData(3, 1.0, 5.0)]
    [InlineData(4, 3.0, 0.0)]
    [InlineData(5, 0.0, 2.0)]
    public void ChooseByCost_RandomScores_MatchesBruteForce(int seed, double fnCost, double fpCost)
    {
        var (s, y) = Random(500, seed);
        var decision = DecisionThreshold.ChooseByCost(s, y, fnCost, fpCost);
        // Brute force: every candidate, highest first; strictly better only, so ties keep the higher threshold.
        double bestCost = double.PositiveInfinity, bestThreshold = double.NaN;
        foreach (double t in Candidates(s))
        {
            var (_, fp, fn) = Counts(s, y, t);
            double cost = fn * fnCost + fp * fpCost;
            if (cost < bestCost) { bestCost = cost; bestThreshold = t; }
        }
        decision.Threshold.ShouldBe(bestThreshold);
        decision.CostPerRow.ShouldBe(bestCost / s.Length, 1e-12);
        decision.CostPerThousand.ShouldBe(1000 * bestCost / s.Length, 1e-9);
        var (tp2, fp2, fn2) = Counts(s, y, bestThreshold);
        (decision.TruePositives, decision.FalsePositives, decision.FalseNegatives).ShouldBe((tp2, fp2, fn2));
        decision.Rows.ShouldBe(s.Length);
        decision.Recall.ShouldBe((double)tp2 / (tp2 + fn2), 1e-12);
    }

    [Theory]
    [InlineData(6, 0.5)]
    [InlineData(7, 0.9)]
    [InlineData(8, 1.0)]
    public void ChooseByRecall_RandomScores_HighestThresholdReachingTarget(int seed, double target)
    {
        var (s, y) = Random(400, seed);
        var decision = DecisionThreshold.ChooseByRecall(s, y, target);
        long positives = y.Count(v => v);
        double expected = Candidates(s).First(t => Counts(s, y, t).Tp >= target * positives);
        decision.Threshold.ShouldBe(expected);
        decision.Recall.ShouldBeGreaterThanOrEqualTo(target);
    }

    [Theory]
    [InlineData(9, 0.3)]
    [InlineData(10, 0.45)]
    public void ChooseByPrecision_RandomScores_LowestThresholdReachingTarget(int seed, double target)
    {
        var (s, y) = Random(400, seed);
        var decision = DecisionThreshold.ChooseByPrecision(s, y, target);
        double expected = Candidates(s).Where(t => !double.IsInfinity(t))
            .Last(t => { var (tp, fp, _) = Counts(s, y, t); return tp + fp > 0 && (double)tp / (tp + fp) >= target; });
        decision.Threshold.ShouldBe(expected);
        decision.Precision.ShouldBeGreaterThanOrEqualTo(target);
    }

    [Fact]
    public void ChooseByPrecision_Unreachable_ThrowsWithBestReached()
    {
        var ex = Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByPrecision([0.9f, 0.1f, 0.5f], [false, true, false], 0.9));
        ex.ParamName.ShouldBe("targetPrecision");
        ex.Message.ShouldContain("0.3333");
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void AveragePrecision_RandomScores_MatchesMeanPrecisionAtEachPositive(int seed)
    {
        var (s, y) = Random(300, seed);
        // The step-function definition: mean over positives of the precision among rows scoring ≥ that positive's score.
        double sum = 0;
        int positives = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (!y[i]) continue;
            var (tp, fp, _) = Counts(s, y, s[i]);
            sum += (double)tp / (tp + fp);
            positives++;
        }
        DecisionThreshold.AveragePrecision(s, y).ShouldBe(sum / positives, 1e-12);
    }

    [Fact]
    public void AveragePrecision_PerfectRanking_IsOne() =>
        DecisionThreshold.AveragePrecision([0.9f, 0.8f, 0.2f, 0.1f], [true, true, false, false]).ShouldBe(1.0, 1e-12);

    [Fact]
    public void ChooseByCost_MissedPositiveCostsTenTimes_FlagsTheRiskyRows()
    {
        // Positives at 0.9 and 0.4; a negative at 0.5: flagging from 0.4 costs 1 false alarm (1) instead of a miss (10).
        var decision = DecisionThreshold.ChooseByCost([0.9f, 0.5f, 0.4f, 0.1f], [true, false, true, false], 10, 1);
        decision.Threshold.ShouldBe(0.4f);
        (decision.TruePositives, decision.FalsePositives, decision.TrueNegatives, decision.FalseNegatives).ShouldBe((2L, 1L, 1L, 0L));
        decision.CostPerRow.ShouldBe(0.25);
    }

    [Fact]
    public void ChooseByCost_NoPositives_ThrowsNamingTheProblem() =>
        Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByCost([0.1f, 0.2f], [false, false], 10, 1)).Message.ShouldContain("None of the 2 rows is positive");

    // Validation rows of one class: recall, precision and the cost of a miss are undefined, for every way of choosing and
    // for the average precision; each says so rather than returning a threshold or a figure.
    [Theory]
    [InlineData("cost", true)]
    [InlineData("recall", true)]
    [InlineData("precision", true)]
    [InlineData("average precision", true)]
    [InlineData("recall", false)]
    [InlineData("precision", false)]
    [InlineData("average precision", false)]
    public void Choose_ValidationRowsOfOneClass_ThrowsSayingWhichClassIsMissing(string by, bool label)
    {
        float[] scores = [0.2f, 0.7f, 0.9f];
        bool[] labels = [label, label, label];
        Action choose = by switch
        {
            "cost" => () => DecisionThreshold.ChooseByCost(scores, labels, 10, 1),
            "recall" => () => DecisionThreshold.ChooseByRecall(scores, labels, 0.5),
            "precision" => () => DecisionThreshold.ChooseByPrecision(scores, labels, 0.5),
            _ => () => DecisionThreshold.AveragePrecision(scores, labels),
        };
        var e = Should.Throw<ArgumentException>(choose);
        e.ParamName.ShouldBe("labels");
        e.Message.ShouldStartWith(label ? "All 3 rows are positive; a threshold needs negatives too." : "None of the 3 rows is positive;");
    }

    [Fact]
    public void ChooseByCost_NaNScore_ThrowsNamingTheRow() =>
        Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByCost([0.1f, float.NaN], [true, false], 10, 1)).Message.ShouldContain("row 1 is NaN");

    [Theory]
    [InlineData(-1.0, 1.0, "falseNegativeCost")]
    [InlineData(1.0, double.NaN, "falsePositiveCost")]
    [InlineData(1.0, double.PositiveInfinity, "falsePositiveCost")]
    public void ChooseByCost_BadCost_ThrowsNamingIt(double fn, double fp, string name) =>
        Should.Throw<ArgumentOutOfRangeException>(() => DecisionThreshold.ChooseByCost([0.1f, 0.2f], [true, false], fn, fp)).ParamName.ShouldBe(name);

    [Fact]
    public void ChooseByCost_CostsWhoseSumsOverflow_ThrowsNamingTheCostAndTheLimit()
    {
        // Before: every threshold of these rows makes two errors, so each cost was 2 × MaxValue = ∞; the first (flag
        // nobody) was returned as the best, with CostPerRow ∞.
        var ex = Should.Throw<ArgumentOutOfRangeException>(() =>
            DecisionThreshold.ChooseByCost([0.9f, 0.8f, 0.7f, 0.6f], [false, true, false, true], double.MaxValue, double.MaxValue));
        ex.ParamName.ShouldBe("falseNegativeCost");
        ex.Message.ShouldContain("falseNegativeCost is 1.7976931348623157E+308");
        ex.Message.ShouldContain("at most 1E+30");
        DecisionThreshold.ChooseByCost([0.9f, 0.8f, 0.7f, 0.6f], [false, true, false, true], 1e30, 1e30).CostPerThousand.ShouldBe(5e32, 1e18);
    }

    [Theory]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void ChooseByCost_InfiniteScore_ThrowsNamingTheRow(float score)
    {
        // Before (+∞): the best threshold flagged only that row and was reported as +∞, the value that means "flag nobody".
        var ex = Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByCost([0.1f, score, 0.5f, 0.4f], [false, true, false, false], 1, 1));
        ex.ParamName.ShouldBe("scores");
        ex.Message.ShouldContain($"The score of row 1 is {score}");
        ex.Message.ShouldContain("finite");
    }

    [Fact]
    public void ChooseByCost_BothCostsZero_Throws() =>
        Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByCost([0.1f, 0.2f], [true, false], 0, 0)).Message.ShouldContain("both 0");

    [Fact]
    public void ChooseByCost_LengthsDiffer_Throws() =>
        Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByCost([0.1f, 0.2f], [true], 1, 1)).Message.ShouldContain("2 scores and 1 labels");

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ChooseByRecall_TargetOutOfRange_ThrowsNamingIt(double target) =>
        Should.Throw<ArgumentOutOfRangeException>(() => DecisionThreshold.ChooseByRecall([0.1f, 0.2f], [true, false], target)).ParamName.ShouldBe("targetRecall");

    private sealed class Row
    {
        public bool Label { get; set; }
        public float Probability { get; set; }
    }

    [Fact]
    public void ChooseByCost_DataView_SameAsArrays()
    {
        var (s, y) = Random(200, 13);
        var view = new MLContext().Data.LoadFromEnumerable(s.Select((v, i) => new Row { Label = y[i], Probability = v }));
        DecisionThreshold.ChooseByCost(view, 10, 1).ShouldBe(DecisionThreshold.ChooseByCost(s, y, 10, 1));
    }

    [Fact]
    public void ChooseByCost_DataViewMissingColumn_ThrowsNamingIt()
    {
        var view = new MLContext().Data.LoadFromEnumerable(new[] { new Row { Label = true, Probability = 0.5f } });
        Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByCost(view, 10, 1, scoreColumnName: "Score")).Message.ShouldContain("'Score'");
    }

    private sealed class MulticlassScored
    {
        public uint Label { get; set; }
        [Microsoft.ML.Data.VectorType(3)]
        public float[] Score { get; set; } = [];
        public uint PredictedLabel { get; set; }
    }

    private sealed class RegressionScored
    {
        public bool Label { get; set; }
        public float Score { get; set; }
    }

    private sealed class Unscored
    {
        public bool Label { get; set; }
        [Microsoft.ML.Data.VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    [Fact]
    public void ChooseByCost_MulticlassModelOutput_ThrowsSayingItIsMulticlass()
    {
        var view = new MLContext().Data.LoadFromEnumerable(new[] { new MulticlassScored { Label = 1, Score = [0.2f, 0.5f, 0.3f], PredictedLabel = 2 } });
        var ex = Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByCost(view, 10, 1));
        ex.ParamName.ShouldBe("scoreColumnName");
        ex.Message.ShouldContain("'Probability'");
        ex.Message.ShouldContain("multiclass model's output");
        ex.Message.ShouldContain("binary classifier's threshold");
    }

    [Fact]
    public void ChooseByRecall_RegressionModelOutput_ThrowsSayingItIsRegression()
    {
        var view = new MLContext().Data.LoadFromEnumerable(new[] { new RegressionScored { Label = true, Score = 3.5f } });
        var ex = Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByRecall(view, 0.8));
        ex.Message.ShouldContain("'Probability'");
        ex.Message.ShouldContain("regression model's output");
    }

    [Fact]
    public void ChooseByPrecision_UnscoredData_ThrowsAskingForTheTransformedRows()
    {
        var view = new MLContext().Data.LoadFromEnumerable(new[] { new Unscored { Label = true, Features = [1, 2] } });
        var ex = Should.Throw<ArgumentException>(() => DecisionThreshold.ChooseByPrecision(view, 0.3));
        ex.Message.ShouldContain("no Score column");
        ex.Message.ShouldContain("model.Transform(data)");
    }
}
