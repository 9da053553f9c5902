using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="NumericBinning.Supervised"/> end to end: the edges follow the label, no network's hold-out
/// label shapes them, they do not depend on the thread count, and the option is refused where it means nothing.</summary>
public class BackpropTrainerNumericBinningTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [8], NumberOfEpochs = 2, Seed = 2, EnsembleSize = 1,
            NumericEncoding = NumericEncoding.PiecewiseLinear, NumericBinning = NumericBinning.Supervised, NumericBins = 8,
        };
        set?.Invoke(options);
        return options;
    }

    private static QuantileBins BinsOf(BackpropTransformer model) => model.Model.Network.Input.Describe()[0].Bins!;

    private static float[][] EdgesOf(BackpropTransformer model) => Enumerable.Range(0, 4).Select(f => BinsOf(model).Edges(f).ToArray()).ToArray();

    private static BackpropTransformer FitRegression(List<TabularRow> rows, BackpropTrainer.Options options) =>
        Ml.Regression.Trainers.Backprop(options).Fit(Ml.Data.LoadFromEnumerable(rows));

    private static List<TabularRow> Copy(List<TabularRow> rows) =>
        rows.Select(r => new TabularRow { Features = (float[])r.Features.Clone(), Label = r.Label, Class = r.Class, Value = r.Value }).ToList();

    [Fact]
    public void Fit_Supervised_StepInOneFeature_ItsOnlyEdgeIsAtTheStep()
    {
        var rows = Tabular.Rows(800, 1);
        foreach (var r in rows) r.Label = r.Features[0] > 0.5f;
        var options = Options(o => o.LabelColumnName = "Label");

        var model = Ml.BinaryClassification.Trainers.Backprop(options).Fit(Ml.Data.LoadFromEnumerable(rows));

        // x₀ decides the class: one split, midway between the rows either side of 0.5, then both leaves are pure.
        var x0 = rows.Select(r => r.Features[0]).ToArray();
        float below = x0.Where(v => v <= 0.5f).Max(), above = x0.Where(v => v > 0.5f).Min();
        BinsOf(model).Edges(0).ToArray().ShouldBe([x0.Min(), (float)((below + (double)above) / 2), x0.Max()]);
        // Quantile bins would have 8 here; the unrelated features keep at least their outer edges.
        for (int f = 1; f < 4; f++) BinsOf(model).Edges(f).Length.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Theory]
    [InlineData(ClassWeighting.None, false, 0)]
    [InlineData(ClassWeighting.Balanced, false, 1)]
    [InlineData(ClassWeighting.None, true, 1)]
    [InlineData(ClassWeighting.Balanced, true, 2)]
    public void Fit_Supervised_WeightedRows_EdgesOfTheRowsWeightedAsTrainingWeighsThem(ClassWeighting weighting, bool balancedSampling, int times)
    {
        // A rare class (x₀ > 1.2: about 12 %) and example weights; nothing held out (fixed epochs, one network).
        var random = new Random(7);
        var rows = Tabular.Rows(600, 3);
        foreach (var r in rows) { r.Label = r.Features[0] + 0.3f * r.Features[1] > 1.2f; r.Weight = (float)(0.5 + 1.5 * random.NextDouble()); }
        var options = Options(o => { o.LabelColumnName = "Label"; o.ExampleWeightColumnName = "Weight"; o.ClassWeighting = weighting; o.BalancedSampling = balancedSampling; });

        var model = Ml.BinaryClassification.Trainers.Backprop(options).Fit(Ml.Data.LoadFromEnumerable(rows));

        // Each row: its example weight times 1 / (its class' total weight), once per balancing.
        var labels = rows.Select(r => r.Label ? 1f : 0f).ToArray();
        var totals = new double[2];
        foreach (var r in rows) totals[r.Label ? 1 : 0] += r.Weight;
        var weights = rows.Select(r => r.Weight * Math.Pow(1 / totals[r.Label ? 1 : 0], times)).ToArray();
        var features = rows.SelectMany(r => r.Features).ToArray();
        var all = Enumerable.Range(0, rows.Count).ToArray();
        var lowest = Enumerable.Range(0, 4).Select(f => rows.Min(r => r.Features[f])).ToArray();
        var highest = Enumerable.Range(0, 4).Select(f => rows.Max(r => r.Features[f])).ToArray();
        var expected = SupervisedBins.Compute(features, 4, all, labels, weights, classes: 2, bins: 8, lowest, highest);
        for (int f = 0; f < 4; f++) BinsOf(model).Edges(f).ToArray().ShouldBe(expected.Edges(f).ToArray(), $"feature {f}");
        // The weights matter: rows counted once each give other edges somewhere.
        var unweighted = SupervisedBins.Compute(features, 4, all, labels, Enumerable.Repeat(1.0, rows.Count).ToArray(), classes: 2, bins: 8, lowest, highest);
        Enumerable.Range(0, 4).Any(f => !BinsOf(model).Edges(f).SequenceEqual(unweighted.Edges(f))).ShouldBeTrue();
    }

    [Fact]
    public void Fit_Supervised_HeldOutLabelsDoNotMoveTheEdges()
    {
        // Regression: each network's hold-out is drawn from the row order alone (not stratified), so it can be found here.
        var rows = Tabular.Rows(600, 1);
        var options = Options(o => { o.EnsembleSize = 2; o.ValidationFraction = 0.25f; });
        var data = new TrainingData(rows.SelectMany(r => r.Features).ToArray(), rows.Count, 4, rows.Select(r => r.Value).ToArray());
        var heldOut = Enumerable.Range(0, 2)
            .SelectMany(m => TrainingSplit.Stratified(data, 0.25f, classification: false, (ulong)BackpropTrainer.MemberSeed(2, m)).Validation).ToHashSet();

        HeldOutLabelsDoNotMoveTheEdges(rows, options, heldOut);
    }

    /// <summary>Labels changed on the <paramref name="heldOut"/> rows leave the edges as they were; changed on the others,
    /// they move them. <paramref name="fewestHeldOut"/>: the draws hold out more rows than this (two hold-outs of a
    /// quarter of 600 rows, overlapping little, by default).</summary>
    private static void HeldOutLabelsDoNotMoveTheEdges(List<TabularRow> rows, BackpropTrainer.Options options, HashSet<int> heldOut, int fewestHeldOut = 150)
    {
        var before = EdgesOf(FitRegression(rows, options));
        var heldOutChanged = Copy(rows);
        foreach (int r in heldOut) heldOutChanged[r].Value = r % 2 == 0 ? 50f : -50f;
        var keptChanged = Copy(rows);
        for (int r = 0; r < rows.Count; r++) if (!heldOut.Contains(r)) keptChanged[r].Value = rows[r].Features[3] > 0 ? 5f : -5f;

        EdgesOf(FitRegression(heldOutChanged, options)).ShouldBe(before);
        EdgesOf(FitRegression(keptChanged, options))[3].ShouldNotBe(before[3]); // the labels the networks train on do shape them
        heldOut.Count.ShouldBeGreaterThan(fewestHeldOut);
    }

    [Fact]
    public void Fit_SupervisedStreaming_HeldOutLabelsDoNotMoveTheEdges()
    {
        // Streamed, each network holds out the rows its draw names by position; the bin sample holds every row here.
        var rows = Tabular.Rows(600, 1);
        var options = Options(o => { o.EnsembleSize = 2; o.ValidationFraction = 0.25f; o.DataLoading = DataLoading.Streaming; });
        var heldOut = Enumerable.Range(0, 2)
            .SelectMany(m => Enumerable.Range(0, rows.Count).Where(r => TrainingSplit.HeldOutByRow((ulong)BackpropTrainer.MemberSeed(2, m), r, 0.25f))).ToHashSet();

        HeldOutLabelsDoNotMoveTheEdges(rows, options, heldOut);
    }

    [Fact]
    public void Fit_SupervisedMicroBatch_HeldOutLabelsDoNotMoveTheEdges()
    {
        // In micro-batches (and on a cluster) the one network holds out the rows its draw names by position.
        var rows = Tabular.Rows(600, 1);
        var options = Options(o => { o.MicroBatchSize = 8; o.ValidationFraction = 0.25f; });
        var heldOut = Enumerable.Range(0, rows.Count).Where(r => TrainingSplit.HeldOutByRow((ulong)BackpropTrainer.MemberSeed(2, 0), r, 0.25f)).ToHashSet();

        HeldOutLabelsDoNotMoveTheEdges(rows, options, heldOut, fewestHeldOut: 120); // one hold-out of about 150 rows
    }

    [Fact]
    public void Fit_Supervised_AnyThreadCount_BitIdentical()
    {
        var rows = Tabular.Rows(700, 4);
        var test = Ml.Data.LoadFromEnumerable(Tabular.Rows(100, 5));

        var one = FitRegression(rows, Options(o => { o.NumberOfThreads = 1; o.EnsembleSize = 2; o.ValidationFraction = 0.2f; o.NumberOfEpochs = 5; }));
        var two = FitRegression(rows, Options(o => { o.NumberOfThreads = 2; o.EnsembleSize = 2; o.ValidationFraction = 0.2f; o.NumberOfEpochs = 5; }));

        EdgesOf(two).ShouldBe(EdgesOf(one));
        two.Transform(test).GetColumn<float>("Score").ToArray().ShouldBe(one.Transform(test).GetColumn<float>("Score").ToArray());
    }

    [Fact]
    public void Fit_Supervised_LearnsTheNonLinearTarget()
    {
        var model = FitRegression(Tabular.Rows(1500, 1), Options(o => { o.NumberOfEpochs = 40; o.HiddenLayers = [16]; o.StandardizeLabel = false; }));

        // Value = sin(2x₀) + x₁² + 0.1·noise: the target's variance is ≈ 2.4, the noise's 0.01.
        Ml.Regression.Evaluate(model.Transform(Tabular.Load(Ml, 500, 2)), "Value").RSquared.ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void Fit_Supervised_EveryRowHeldOutBySomeNetwork_ThrowsNamingTheOptions()
    {
        var rows = Tabular.Rows(12, 1);

        var e = Should.Throw<InvalidOperationException>(() => FitRegression(rows, Options(o => { o.EnsembleSize = 40; o.ValidationFraction = 0.5f; })));

        e.Message.ShouldContain("NumericBinning.Supervised");
        e.Message.ShouldContain("EnsembleSize");
    }

    [Theory]
    [InlineData(NumericEncoding.None)]
    [InlineData(NumericEncoding.Periodic)]
    public void Constructor_SupervisedWithoutPiecewiseLinear_ThrowsNamingBothOptions(NumericEncoding encoding)
    {
        var e = Should.Throw<ArgumentOutOfRangeException>(() => new BackpropTrainer(Ml, Options(o => o.NumericEncoding = encoding)));

        e.ParamName.ShouldBe("NumericBinning");
        e.Message.ShouldContain("Supervised");
        e.Message.ShouldContain($"NumericEncoding is {encoding}");
    }

    [Fact]
    public void Constructor_QuantileWithoutPiecewiseLinear_Accepted()
    {
        Should.NotThrow(() => new BackpropTrainer(Ml, Options(o => { o.NumericEncoding = NumericEncoding.None; o.NumericBinning = NumericBinning.Quantile; })));
    }
}
