using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Diagnostics;

/// <summary>What the diagnosis knows about a training run besides its history: the network's layers, how it was
/// trained, and the input scales.</summary>
internal sealed class DiagnosisContext
{
    /// <summary>Activation of each layer, first hidden layer first, the (identity) output layer last.</summary>
    public required IReadOnlyList<Activation> Activations { get; init; }

    /// <summary>Number of parameters (weights and biases) of each layer.</summary>
    public required IReadOnlyList<int> ParameterCounts { get; init; }

    /// <summary>The update rule.</summary>
    public OptimizerKind Optimizer { get; init; }

    /// <summary>True for the rules whose step is about the learning rate per weight whatever the gradient's scale
    /// (RMSprop, Adam, AdamW): advice to switch to Adam or RMSprop, given for the others, does not apply.</summary>
    public bool AdaptiveSteps => Training.Optimizers.OptimizerFactory.StepsAdaptively(Optimizer);

    /// <summary>The base learning rate.</summary>
    public float LearningRate { get; init; }

    /// <summary>The floor of the learning-rate schedule (0 for none): the options refuse a learning rate below it.</summary>
    public float MinimumLearningRate { get; init; }

    /// <summary>"LearningRate = 0.005" for advice that lowers the rate, with "and MinimumLearningRate ≤ 0.005" when the
    /// schedule's floor is above the suggestion (the options refuse a learning rate below its floor).</summary>
    public string LearningRateSetting(double rate) =>
        rate < MinimumLearningRate ? $"LearningRate = {rate:G3} and MinimumLearningRate ≤ {rate:G3}" : $"LearningRate = {rate:G3}";

    /// <summary>The global-norm clipping threshold, or null.</summary>
    public float? GradientClipNorm { get; init; }

    /// <summary>Momentum μ of the Momentum and Nesterov rules (their steps are ≈ η/(1 − μ) times the gradient).</summary>
    public float Momentum { get; init; }

    /// <summary>L2 norm of all weight matrices before training (the scale against which a step is judged); 0 if unknown.</summary>
    public double InitialWeightNorm { get; init; }

    /// <summary>L2 penalty λ added to the weight gradients (0 for none).</summary>
    public float L2Regularization { get; init; }

    /// <summary>The largest L2 norm of one layer's weight matrix before training; 0 if unknown.</summary>
    public double LargestInitialLayerWeightNorm { get; init; }

    /// <summary>α of the network's ELU layers, or null when it has none.</summary>
    public float? EluAlpha { get; init; }

    /// <summary>True when validation data was used (needed by the overfitting check).</summary>
    public bool HasValidation { get; init; }

    /// <summary>Scales of the training features, or null to skip the input-scale check.</summary>
    public FeatureScaleReport? FeatureScales { get; init; }

    /// <summary>True when the features the network sees are far from unit scale (the input-scale check finds them
    /// unnormalised): only then is "normalise the inputs" advice that can be followed. False when the trainer
    /// standardises or encodes them (<see cref="FeatureScales"/> null) or the user's pipeline already scaled them.</summary>
    public bool InputsNeedScaling => _inputsNeedScaling ??= FeatureScales is { } scales && InputScaleCheck.Check(scales, Thresholds).Any();

    private bool? _inputsNeedScaling;

    /// <summary>The label column when the regression label the network trains on is far from unit scale (a
    /// <see cref="LabelScaleCheck"/> finding among <see cref="DataFindings"/>: the micro-batch and cluster modes), else null.</summary>
    public string? LabelNeedingScaling => DataFindings.FirstOrDefault(LabelScaleCheck.Is)?.Column;

    /// <summary>True when the user turned <see cref="BackpropTrainer.Options.StandardizeFeatures"/> off in a fit where
    /// turning it on would standardise the features (the in-memory and streaming modes, on the dense path).</summary>
    public bool StandardizeFeaturesOff { get; init; }

    /// <summary>Training loss of the best constant prediction (the label's average), or null when unknown.</summary>
    public double? ConstantPredictionLoss { get; init; }

    /// <summary>The categorical columns, in the order of their embedding tables (<see cref="EmbeddingStatistics.Table"/>); empty for none.</summary>
    public IReadOnlyList<string> TableNames { get; init; } = [];

    /// <summary>What was found in the data before training (validation labels far from the training labels, a label
    /// far from unit scale in the modes that do not standardise it), part of
    /// every diagnosis of the run; empty for none.</summary>
    public IReadOnlyList<Finding> DataFindings { get; init; } = [];

    /// <summary>The thresholds.</summary>
    public DiagnosisThresholds Thresholds { get; init; } = DiagnosisThresholds.Default;

    /// <summary>The context of training <paramref name="network"/> with <paramref name="options"/>; call it before
    /// training so that <see cref="InitialWeightNorm"/> is the initial one.</summary>
    /// <param name="network">The network.</param>
    /// <param name="options">How it was trained (learning rate, optimizer, clipping).</param>
    /// <param name="hasValidation">Whether validation data was used.</param>
    /// <param name="featureScales">Scales of the training features, or null.</param>
    /// <param name="constantPredictionLoss">Training loss of predicting the label's average, or null.</param>
    /// <param name="thresholds">When a finding is raised, or null for <see cref="DiagnosisThresholds.Default"/>.</param>
    /// <param name="tableNames">The categorical columns, in the order of their embedding tables, or null for none.</param>
    /// <param name="dataFindings">What was found in the data before training, or null for nothing.</param>
    /// <param name="standardizeFeaturesOff">Whether turning StandardizeFeatures on would scale them (<see cref="StandardizeFeaturesOff"/>).</param>
    public static DiagnosisContext Create(NeuralNetwork network, TrainingOptions options, bool hasValidation, FeatureScaleReport? featureScales = null,
        double? constantPredictionLoss = null, DiagnosisThresholds? thresholds = null, IReadOnlyList<string>? tableNames = null,
        IReadOnlyList<Finding>? dataFindings = null, bool standardizeFeaturesOff = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        return new DiagnosisContext
        {
            Activations = network.Layers.Select(l => l.Activation).ToArray(),
            ParameterCounts = network.Layers.Select(l => l.WeightParameter.Length + l.BiasParameter.Length).ToArray(),
            Optimizer = options.Optimizer,
            LearningRate = options.LearningRate,
            GradientClipNorm = options.GradientClipNorm,
            MinimumLearningRate = options.MinimumLearningRate,
            Momentum = options.OptimizerSettings.Momentum,
            InitialWeightNorm = Math.Sqrt(network.Layers.Sum(l => (double)Numerics.WideSums.SumOfSquares(l.WeightParameter.Values))),
            L2Regularization = options.L2Regularization,
            LargestInitialLayerWeightNorm = network.Layers.Max(l => Math.Sqrt(SumOfSquares(l.WeightParameter.Values))),
            EluAlpha = network.Layers.FirstOrDefault(l => l.Activation == Activation.ELU)?.Description.Activation.Parameter,
            HasValidation = hasValidation,
            FeatureScales = featureScales,
            ConstantPredictionLoss = constantPredictionLoss,
            Thresholds = thresholds ?? DiagnosisThresholds.Default,
            TableNames = tableNames ?? [],
            DataFindings = dataFindings ?? [],
            StandardizeFeaturesOff = standardizeFeaturesOff,
        };
    }

    // In double: a layer's Σ w² is a norm here, not the float sum the training loop overflows.
    private static double SumOfSquares(float[] values)
    {
        double sum = 0;
        foreach (float v in values) sum += (double)v * v;
        return sum;
    }
}
