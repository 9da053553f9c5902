using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>The trainer takes an immutable snapshot of its options when it is created: later edits of the caller's
/// object (values, or the HiddenLayers array in place) and of <see cref="BackpropTrainer.TrainerOptions"/> do not reach
/// it, so they can neither bypass validation nor change a trainer already handed to a pipeline.</summary>
public class OptionSnapshotTests
{
    private static BackpropTrainer.Options Small() => new() { HiddenLayers = [6], NumberOfEpochs = 3, Seed = 4, BatchSize = 16 };

    private static float[][] Weights(BackpropTransformer model) =>
        model.Model.Network.Layers.Select(l => l.Weights.ToArray()).ToArray();

    private static BackpropTransformer Fit(BackpropTrainer trainer) => trainer.Fit(Tabular.Load(new MLContext(seed: 1), 200, 1));

    [Fact]
    public void Fit_StreamingBlockSizeSetToZeroAfterCreation_TrainsWithTheValidatedValue()
    {
        var options = Small();
        options.DataLoading = DataLoading.Streaming;
        options.StreamingBlockSize = 64;
        var trainer = new BackpropTrainer(new MLContext(seed: 1), options);
        options.StreamingBlockSize = 0;

        var model = Fit(trainer);

        model.Model.History.Epochs.Count.ShouldBe(3);
        model.Model.History.Epochs.ShouldAllBe(e => e.Batches > 0 && double.IsFinite(e.TrainingLoss));
        options.StreamingBlockSize = 64;
        Weights(model).ShouldBe(Weights(Fit(new BackpropTrainer(new MLContext(seed: 1), options))));
    }

    [Fact]
    public void Fit_ValidationFractionRaisedAfterCreation_KeepsTheOriginalSplit()
    {
        var options = Small();
        options.ValidationFraction = 0.2f;
        var trainer = new BackpropTrainer(new MLContext(seed: 1), options);
        options.ValidationFraction = 0.9f; // out of range: would train on 10 % if it were taken

        var model = Fit(trainer);

        options.ValidationFraction = 0.2f;
        Weights(model).ShouldBe(Weights(Fit(new BackpropTrainer(new MLContext(seed: 1), options))));
    }

    [Fact]
    public void Fit_HiddenLayersEditedInPlaceAfterCreation_KeepsTheOriginalShape()
    {
        var options = Small();
        var trainer = new BackpropTrainer(new MLContext(seed: 1), options);
        options.HiddenLayers[0] = 0; // invalid, and a different shape

        Fit(trainer).Model.Network.Layers[0].OutputSize.ShouldBe(6);
    }

    [Fact]
    public void TrainerOptions_EditedCopy_DoesNotChangeTheTrainer()
    {
        var trainer = new BackpropTrainer(new MLContext(seed: 1), Small());
        var copy = trainer.TrainerOptions;
        copy.HiddenLayers[0] = 99;
        copy.NumberOfEpochs = 0;

        trainer.TrainerOptions.HiddenLayers.ShouldBe([6]);
        trainer.TrainerOptions.NumberOfEpochs.ShouldBe(3);
        Fit(trainer).Model.History.Epochs.Count.ShouldBe(3);
    }
}
