using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Integration.Scoring;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop;

/// <summary>Adapts a <see cref="BackpropModel"/> to the scoring plumbing: one forward pass per row, own buffers per scorer,
/// the link of the model's loss.</summary>
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

    public int FeatureCount => _model.FeatureCount;

    public IReadOnlyList<string> KeyColumns => _model.CategoricalColumnNames;

    public IReadOnlyList<CategoricalColumn> TrainedKeys => _model.Categorical;

    public IReadOnlyList<string>? TrainedSlotNames => _model.SlotNames;

    public InputShape Inputs => _model.Network.Input.Shape;

    public int OutputCount => _model.Network.OutputSize;

    public ReadOnlyMemory<char>[]? ClassNames { get; }

    public IRowScorer CreateScorer() => new Scorer(_model, _loss, _model.Networks.Select(n => new Workspace(n, 1)).ToArray());

    /// <summary>Scores one row at a time with a one-row workspace per network: the mean of the networks' outputs, the
    /// target scaling undone, then the loss's link.</summary>
    private sealed class Scorer(BackpropModel model, ILossFunction loss, Workspace[] workspaces) : IRowScorer
    {
        private readonly Workspace[] _workspaces = workspaces;
        private readonly float[] _sum = new float[model.Network.OutputSize];
        private readonly bool _scaled = model.TargetScale != 1f || model.TargetOffset != 0f;
        private readonly Calibration.OutputCalibration? _calibration = model.OutputCalibration is { IsIdentity: false } c ? c : null;

        // The networks of an ensemble share their bins and clip: each row is encoded once for all of them.
        private readonly SharedEncodings? _shared = SharedEncodings.For(model.Networks, 1);

        // Four networks or more: their layers after the first advance together (the same bits as one by one).
        private readonly EnsembleScoringPass? _together = EnsembleScoringPass.For(model.Networks, workspaces);

        public void Score(in InputView row, Span<float> scores, Span<float> predictions)
        {
            _shared?.NewRows();
            _together?.Forward(row, _shared);
            ReadOnlySpan<float> logits = Member(0, row);
            if (_workspaces.Length > 1)
            {
                // Members added in order, then divided once: the same bits for every scorer of the model.
                logits.CopyTo(_sum);
                for (int m = 1; m < _workspaces.Length; m++)
                {
                    var member = Member(m, row);
                    for (int j = 0; j < _sum.Length; j++) _sum[j] += member[j];
                }
                for (int j = 0; j < _sum.Length; j++) _sum[j] /= _workspaces.Length;
                logits = _sum;
            }
            if (_scaled) for (int j = 0; j < logits.Length; j++) scores[j] = logits[j] * model.TargetScale + model.TargetOffset;
            else logits.CopyTo(scores);
            _calibration?.Apply(scores);
            loss.Link(scores, predictions, 1, scores.Length);
        }

        private ReadOnlySpan<float> Member(int network, in InputView row) => _together is not null ? _together.Logits(network) : Forward(network, row);

        private ReadOnlySpan<float> Forward(int network, in InputView row) => _shared is null
            ? model.Networks[network].Forward(_workspaces[network], row, training: false, null, 1)
            : model.Networks[network].Score(_workspaces[network], row, _shared, network);
    }
}
