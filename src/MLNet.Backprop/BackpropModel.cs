using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Integration.Schema;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

/// <summary>
/// The trained multilayer perceptron inside a <see cref="BackpropTransformer"/>: the network (layers and weights),
/// what it predicts, and how training went.
/// </summary>
/// <remarks>A model's outputs, before the link (sigmoid or softmax) of classification: the mean of its networks'
/// outputs (one network unless the trainer built an ensemble), then, for regression, × <see cref="TargetScale"/> +
/// <see cref="TargetOffset"/> (the trainer's target standardisation, undone), and for classification the
/// <see cref="Calibration"/> map of the logits.</remarks>
public sealed class BackpropModel
{
    internal BackpropModel(BackpropTask task, NeuralNetwork network, LossFunction loss, IReadOnlyList<string>? classNames, TrainingHistory history)
        : this(task, [network], loss, classNames, history, targetOffset: 0f, targetScale: 1f)
    {
    }

    internal BackpropModel(BackpropTask task, IReadOnlyList<NeuralNetwork> networks, LossFunction loss, IReadOnlyList<string>? classNames,
        TrainingHistory history, float targetOffset, float targetScale, IReadOnlyList<CategoricalColumn>? categorical = null)
    {
        Categorical = categorical ?? [];
        Task = task;
        Networks = networks;
        Loss = loss;
        ClassNames = classNames;
        History = history;
        TargetOffset = targetOffset;
        TargetScale = targetScale;
    }

    /// <summary>Binary classification, multiclass classification or regression (never <see cref="BackpropTask.Auto"/>).</summary>
    public BackpropTask Task { get; }

    /// <summary>The layers and their weights (the first network of an ensemble).</summary>
    public NeuralNetwork Network => Networks[0];

    /// <summary>Every network of the model, whose outputs are averaged; one unless the trainer built an ensemble.</summary>
    public IReadOnlyList<NeuralNetwork> Networks { get; }

    /// <summary>Regression: added to the (scaled) network output to give the score in the label's units; 0 when the
    /// target was not standardised and for classification.</summary>
    public float TargetOffset { get; }

    /// <summary>Regression: the network output's factor to the label's units; 1 when the target was not standardised
    /// and for classification.</summary>
    public float TargetScale { get; }

    /// <summary>The loss the network was trained with.</summary>
    public LossFunction Loss { get; }

    /// <summary>Multiclass: the class names in score order (from the label's key values); otherwise null.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Per-epoch losses, metrics and per-layer gradient statistics (of the first network of an ensemble).</summary>
    public TrainingHistory History { get; }

    /// <summary>The training history of every network, in the order of <see cref="Networks"/> (the first is
    /// <see cref="History"/>). The networks of an ensemble after the first record losses, metrics and gradient norms
    /// but not the per-layer unit statistics, and have no diagnosis of their own. A model read from a file of
    /// MLNet.Backprop before 1.0 has only the first.</summary>
    public IReadOnlyList<TrainingHistory> NetworkHistories
    {
        get => _networkHistories ?? [History];
        internal init => _networkHistories = value.Count > 0 && ReferenceEquals(value[0], History) ? value
            : throw new ArgumentException("The first network's history must be the model's.", nameof(value));
    }

    private readonly IReadOnlyList<TrainingHistory>? _networkHistories;

    /// <summary>What the automatic diagnosis found in the training run (vanishing or exploding gradients, dead units,
    /// learning-rate problems...), with advice; <see cref="TrainingDiagnosis.Healthy"/> when nothing was found.</summary>
    public TrainingDiagnosis Diagnosis => History.Diagnosis;

    /// <summary>The calibration the model's probabilities go through (a map of the logits before the sigmoid or softmax:
    /// affine, or isotonic for <see cref="ProbabilityCalibration.Isotonic"/>); null for regression and for a model read from a file of format 4 or older (no calibration).</summary>
    internal Calibration.OutputCalibration? OutputCalibration { get; init; }

    /// <summary>How the model's probabilities are calibrated: <see cref="ProbabilityCalibration.None"/> for regression, for
    /// a classifier trained with <see cref="ProbabilityCalibration.None"/> (or resolved to it by Auto), and for a model
    /// read from a file written before calibration existed. <see cref="TrainingHistory.Calibration"/> says how it was
    /// fitted and measures it on the hold-out rows.</summary>
    public ProbabilityCalibration Calibration => OutputCalibration?.Method ?? ProbabilityCalibration.None;

    /// <summary>Number of input features (the feature vector's length).</summary>
    public int FeatureCount => Network.Input.Shape.DenseWidth + Network.Input.Shape.SparseWidth;

    /// <summary>The categorical columns, in the order of their key values in a row of input.</summary>
    internal IReadOnlyList<CategoricalColumn> Categorical { get; }

    /// <summary>The training feature vector's slot names (its <c>SlotNames</c> annotation), one per feature, against which
    /// the data's slot order is checked when the model is bound to it (<see cref="Integration.Scoring.ScoringSlots"/>);
    /// null when the vector had none or the model was read from a file of format 12 or older.</summary>
    internal IReadOnlyList<string>? SlotNames { get; init; }

    /// <summary>The names of the categorical columns looked up in embedding tables (empty for none), in training order.</summary>
    public IReadOnlyList<string> CategoricalColumnNames => Categorical.Select(c => c.Name).ToArray();

    /// <summary>The trained vectors of the categorical column <paramref name="columnName"/>, with its key values' names.
    /// The networks of an ensemble each learn their own tables (in their own coordinates): these are the first network's.</summary>
    /// <exception cref="ArgumentException">The model has no such categorical column (the message lists those it has).</exception>
    public EmbeddingTable Embedding(string columnName)
    {
        ArgumentNullException.ThrowIfNull(columnName);
        int column = Categorical.Select(c => c.Name).ToList().IndexOf(columnName);
        if (column < 0)
            throw new ArgumentException($"The model has no categorical column '{columnName}'" +
                (Categorical.Count == 0 ? "." : $"; it has {string.Join(", ", Categorical.Select(c => $"'{c.Name}'"))}."), nameof(columnName));
        var part = Network.Input.Parts.OfType<Network.Inputs.EmbeddingInput>().Single(p => p.KeyColumn == column);
        var info = Categorical[column];
        var names = info.KeyNames ?? Enumerable.Range(1, info.KeyCount).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new EmbeddingTable(columnName, names, (float[])part.Table.Values.Clone(), part.Description.Rows);
    }
}
