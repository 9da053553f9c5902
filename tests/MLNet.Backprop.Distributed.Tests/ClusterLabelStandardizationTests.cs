using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Distributed.Shards;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Distributed.Tests;

/// <summary>StandardizeLabel in the cluster: the coordinator takes μ and σ from the shards' manifest (all the rows, the
/// held-out ones included, as the single-process counting pass), sends them with the job, and every worker standardises
/// the labels it reads as the single-process micro-batch mode does: weights, histories (losses in standardised units)
/// and scores (in label units) are the single-process mode's bit for bit, for any worker count.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterLabelStandardizationTests(ClusterFixture cluster) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mlbp-label-shards-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A regression on a label far from unit scale (100 + 20·Value), automatic epochs and hold-out.</summary>
    private static BackpropTrainer.Options Options(bool standardizeLabel = true) => new()
    {
        Task = BackpropTask.Regression, LabelColumnName = "Value", HiddenLayers = [16], Activation = Activation.Tanh, BatchSize = 64,
        MicroBatchSize = 16, LearningRate = 0.01f, Dropout = 0.1f, L2Regularization = 1e-3f, Seed = 5, StandardizeLabel = standardizeLabel,
    };

    private IDataView FarLabel() =>
        cluster.Ml.Data.LoadFromEnumerable(Tabular.Rows(600, 31).Select(r => { r.Value = 100 + 20 * r.Value; return r; }).ToList());

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fit_RegressionDefaults_LabelStandardisedBitIdenticalToTheSingleProcess(int workers)
    {
        var data = FarLabel();
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 3, Options());

        var reference = new BackpropTrainer(cluster.Ml, Options()).Fit(data);
        var model = new DistributedBackpropTrainer(cluster.Ml, Options(), cluster.ClusterOptions(ClusterFixture.SiloNames.Take(workers), shards)).Fit(data);

        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
        (model.Model.TargetOffset, model.Model.TargetScale).ShouldBe((reference.Model.TargetOffset, reference.Model.TargetScale));
        model.Model.TargetOffset.ShouldBeInRange(110f, 150f);
        model.Model.History.Settings!.StandardizedLabel.ShouldBeTrue();
        var (history, expected) = (model.Model.History, reference.Model.History);
        history.Epochs.Select(e => e.TrainingLoss).ShouldBe(expected.Epochs.Select(e => e.TrainingLoss));
        history.Epochs.Select(e => e.ValidationLoss).ShouldBe(expected.Epochs.Select(e => e.ValidationLoss));
        history.Epochs.ShouldAllBe(e => e.ValidationLoss != null); // the automatic hold-out, drawn row by row
        history.Epochs[^1].TrainingLoss.ShouldBeLessThan(1.0); // standardised units: below the mean's loss
        model.Transform(data).GetColumn<float>("Score").ShouldBe(reference.Transform(data).GetColumn<float>("Score"));
    }

    [Fact]
    public void Fit_StandardizeLabelOff_LabelAsGivenBitIdenticalToTheSingleProcess()
    {
        var data = FarLabel();
        var shards = ShardSet.Write(cluster.Ml, data, _directory, 3, Options(standardizeLabel: false));

        var reference = new BackpropTrainer(cluster.Ml, Options(standardizeLabel: false)).Fit(data);
        var model = new DistributedBackpropTrainer(cluster.Ml, Options(standardizeLabel: false),
            cluster.ClusterOptions(ClusterFixture.SiloNames.Take(2), shards)).Fit(data);

        DistributedTrainingTests.Bits(model).ShouldBe(DistributedTrainingTests.Bits(reference));
        (model.Model.TargetOffset, model.Model.TargetScale).ShouldBe((0f, 1f));
    }
}
