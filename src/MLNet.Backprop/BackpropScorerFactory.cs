using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Integration.Scoring;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop;

/// <summary>Adapts a <see cref="BackpropModel"/> to the scoring plumbing: one forward pass per row, own buffers per scorer.</summary>
internal sealed class BackpropScorerFactory : IScorerFactory
{
    private readonly BackpropModel _model;
    private readonly ILossFunction _loss;

    public BackpropScorerFactory(BackpropModel model)
    {
        _model = model;
        _loss = LossFunctions.Create(model.Loss);
        Kind = model.Task switch
        {
            BackpropTask.BinaryClassification => PredictionKind.BinaryClassification,
            BackpropTask.MulticlassClassification => PredictionKind.MulticlassClassification,
            _ => PredictionKind.Regression,
        };
        ClassNames = model.ClassNames?.Select(n => n.AsMemory()).ToArray();
    }

    public PredictionKind Kind { get; }

    public int FeatureCount => _model.Network.InputSize;

    public int OutputCount => _model.Network.OutputSize;

    public ReadOnlyMemory<char>[]? ClassNames { get; }

    public IRowScorer CreateScorer() => new Scorer(_model.Network, Kind == PredictionKind.MulticlassClassification ? _loss : null);

    /// <summary>Scores one row at a time with a one-row workspace; multiclass outputs go through softmax.</summary>
    private sealed class Scorer(NeuralNetwork network, ILossFunction? link) : IRowScorer
    {
        private readonly Workspace _workspace = new(network, 1);

        public void Score(ReadOnlySpan<float> features, Span<float> outputs)
        {
            var logits = network.Forward(_workspace, features, 1, training: false, null, 1);
            if (link is null) logits.CopyTo(outputs);
            else link.Link(logits, outputs, 1, logits.Length);
        }
    }
}
