using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Distributed.Shards;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>The features scaled on a cluster as in the single-process micro-batch mode: <see cref="BackpropTrainer.Options.StandardizeFeatures"/>
/// (μ and σ from the shards' manifest, sent with the job, applied by every worker to the rows it reads and by the
/// coordinator to the held-out rows, folded into the first layer) and <see cref="NumericScaling.RobustSmoothClip"/> (the
/// medians and quartiles of the bin edges' sample, every row here, sent with the job in the first layer's part): weights,
/// histories and scores bit-identical to the single-process mode's for one, two or three workers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFeatureScalingTests(ClusterFixture cluster) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mlbp-scaling-shards-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private static BackpropTrainer.Options Options(NumericScaling scaling, bool standardize = true)
    {
        var options = ClusterFixture.Options();
        options.NumericEncoding = NumericEncoding.None; // the plain stage (the encoded ones: below)
        options.NumericScaling = scaling;
        options.StandardizeFeatures = standardize;
        options.ValidationFraction = 0.2f;
        return options;
    }

    private IDataView WildScales() => cluster.Ml.Data.LoadFromEnumerable(Tabular.WildScales(600, 41));

    /// <summary>The same options fitted in the single process and on <paramref name="workers"/> workers over three shards
    /// of <paramref name="data"/> (each fit gets its own options object from <paramref name="options"/>).</summary>
    private (BackpropTransformer Reference, BackpropTransformer Cluster) FitBoth(IDataView data, Func<BackpropTrainer.Options> options, int workers)
    {
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 3, options());
        var reference = new BackpropTrainer(cluster.Ml, options()).Fit(data);
        var model = new DistributedBackpropTrainer(cluster.Ml, options(), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers), shards)).Fit(data);
        return (reference, model);
    }

    /// <summary>Weights, every epoch's training and validation losses and the scores of <paramref name="data"/> the same bits.</summary>
    private static void ShouldBeBitIdentical(BackpropTransformer model, BackpropTransformer reference, IDataView data)
    {
        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
        var (history, expected) = (model.Model.History, reference.Model.History);
        history.Epochs.Select(e => e.TrainingLoss).ShouldBe(expected.Epochs.Select(e => e.TrainingLoss));
        history.Epochs.Select(e => e.ValidationLoss).ShouldBe(expected.Epochs.Select(e => e.ValidationLoss));
        model.Transform(data).GetColumn<float>("Score").ShouldBe(reference.Transform(data).GetColumn<float>("Score"));
    }

    [Theory]
    [InlineData(1, NumericScaling.Standard)]
    [InlineData(2, NumericScaling.Standard)]
    [InlineData(3, NumericScaling.Standard)]
    [InlineData(1, NumericScaling.RobustSmoothClip)]
    [InlineData(2, NumericScaling.RobustSmoothClip)]
    [InlineData(3, NumericScaling.RobustSmoothClip)]
    public void Fit_ScaledFeatures_BitIdenticalToTheSingleProcessMicroBatchMode(int workers, NumericScaling scaling)
    {
        var data = WildScales();
        var (reference, model) = FitBoth(data, () => Options(scaling), workers);

        var part = model.Model.Network.Input.Describe().ShouldHaveSingleItem();
        part.Kind.ShouldBe(scaling == NumericScaling.Standard ? InputKind.Dense : InputKind.ClippedDense);
        if (scaling == NumericScaling.RobustSmoothClip)
            part.Clip!.Centers.ToArray().ShouldBe(reference.Model.Network.Input.Describe()[0].Clip!.Centers.ToArray());
        model.Model.History.Settings!.StandardizedFeatures.ShouldBe(scaling == NumericScaling.Standard);
        ShouldBeBitIdentical(model, reference, data);
        model.Model.History.Epochs.ShouldAllBe(e => e.ValidationLoss != null);
    }

    private static BackpropTrainer.Options Encoded(NumericEncoding encoding)
    {
        var options = Options(NumericScaling.RobustSmoothClip);
        options.NumericEncoding = encoding;
        options.LearnFeatureScales = true;
        if (encoding == NumericEncoding.PiecewiseLinearAndPeriodic) (options.NumericBinning, options.NumericBins) = (NumericBinning.Supervised, 8);
        return options;
    }

    /// <summary>The encoded stages (the periodic embeddings' settings, the bins, the clip and the learned scales travel in
    /// the job's input parts; the embedded slots come from the bin edges' sample, every row here) train on the workers as
    /// in the single process, and the parts reading the one dense block side by side read it once.</summary>
    [Theory]
    [InlineData(1, NumericEncoding.PiecewiseLinearAndPeriodic)]
    [InlineData(2, NumericEncoding.PiecewiseLinearAndPeriodic)]
    [InlineData(3, NumericEncoding.PiecewiseLinearAndPeriodic)]
    [InlineData(2, NumericEncoding.Periodic)]
    [InlineData(2, NumericEncoding.None)]
    public void Fit_EncodedStage_BitIdenticalToTheSingleProcessMicroBatchMode(int workers, NumericEncoding encoding)
    {
        var data = WildScales();
        var (reference, model) = FitBoth(data, () => Encoded(encoding), workers);

        var kinds = model.Model.Network.Input.Describe().Select(p => p.Kind).ToArray();
        kinds.ShouldBe(encoding switch
        {
            NumericEncoding.PiecewiseLinearAndPeriodic => [InputKind.PiecewiseLinear, InputKind.Periodic],
            NumericEncoding.Periodic => [InputKind.Periodic],
            _ => [InputKind.ClippedDense], // the learned scales folded into the first layer once trained
        });
        kinds.ShouldBe(reference.Model.Network.Input.Describe().Select(p => p.Kind).ToArray());
        ShouldBeBitIdentical(model, reference, data);
    }

    /// <summary>The default encoding with <see cref="NumericScaling.Standard"/>: the periodic part reads the features through
    /// the standardisation stored in it (the manifest's moments on the cluster, the counting pass's in the single process).</summary>
    [Fact]
    public void Fit_DefaultEncodingStandardScaling_PeriodicMapBitIdenticalToTheSingleProcess()
    {
        var data = WildScales();
        BackpropTrainer.Options Standard()
        {
            var options = Options(NumericScaling.Standard);
            options.NumericEncoding = NumericEncoding.Auto;
            return options;
        }
        var (reference, model) = FitBoth(data, Standard, workers: 2);

        var periodic = model.Model.Network.Input.Describe().Single(p => p.Kind == InputKind.Periodic).PeriodicSettings!;
        periodic.MapsIdentically.ShouldBeFalse();
        periodic.Offsets.ShouldBe(reference.Model.Network.Input.Describe().Single(p => p.Kind == InputKind.Periodic).PeriodicSettings!.Offsets);
        ShouldBeBitIdentical(model, reference, data);
    }

    [Fact]
    public void Fit_StandardizeFeaturesOff_FeaturesAsGivenBitIdenticalToTheSingleProcess()
    {
        var data = WildScales();
        var (reference, model) = FitBoth(data, () => Options(NumericScaling.Auto, standardize: false), workers: 2);

        model.Model.History.Settings!.StandardizedFeatures.ShouldBeFalse();
        ShouldBeBitIdentical(model, reference, data);
    }
}
