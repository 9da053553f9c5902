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

    /// <summary>The decoupled weight decay λ of the run (<see cref="BackpropTrainer.Options.WeightDecay"/>, or the rule's
    /// default when it is null: 0.01 for AdamW, 0 otherwise): each step multiplies the weights by 1 − η·λ.</summary>
    public float WeightDecay { get => _weightDecay; init => _weightDecay = value; }

    private float _weightDecay;

    /// <summary>This context with <see cref="WeightDecay"/> = <paramref name="decay"/>: the run as advice that sets the
    /// decay leaves it.</summary>
    public DiagnosisContext WithWeightDecay(float decay)
    {
        var copy = (DiagnosisContext)MemberwiseClone();
        copy._weightDecay = decay;
        return copy;
    }

    /// <summary>The decay a step, LearningRate × WeightDecay, above which advice that raises the learning rate lowers
    /// WeightDecay too: 1e-3. At the usual settings the product is 1e-5 to 1e-4 (AdamW at a rate of 1e-3 to 3e-3 with λ of
    /// 0.01 to 0.1); at 1e-3 the decay alone takes 63 % off the weights in 1,000 steps; the options refuse more than 1,
    /// where 1 − η·λ flips the weights' sign. A rate raised 10 to 1000× with λ unchanged multiplies the decay a step as
    /// much: on AdamW with WeightDecay = 2e4 at 1e-5 (0.2 a step) the suggested 1e-4 made it 2, and the options refused
    /// the advice.</summary>
    public const double LargestSuggestedDecayStep = 1e-3;

    /// <summary>The WeightDecay to suggest beside a learning rate raised to <paramref name="rate"/>, or null when the run's
    /// <see cref="WeightDecay"/> keeps η·λ within <see cref="LargestSuggestedDecayStep"/> at that rate: the largest value
    /// of one significant digit that does.</summary>
    public double? SuggestedWeightDecay(double rate) =>
        WeightDecay > 0 && rate * WeightDecay > LargestSuggestedDecayStep ? DiagnosisMath.Floor1(LargestSuggestedDecayStep / rate) : null;

    /// <summary>"LearningRate = 0.01" for advice that raises the rate, with "and WeightDecay = 0.1" and why when the run's
    /// decoupled weight decay would decay the weights by more than <see cref="LargestSuggestedDecayStep"/> a step at that
    /// rate (<see cref="SuggestedWeightDecay"/>).</summary>
    public string RaisedLearningRateSetting(double rate)
    {
        if (SuggestedWeightDecay(rate) is not double decay) return $"LearningRate = {rate:G3}";
        double step = rate * WeightDecay;
        string limit = step > 1 ? "and the options refuse more than 1: each step would flip the weights' sign"
            : $"and this keeps it at most {LargestSuggestedDecayStep:G3}";
        return $"LearningRate = {rate:G3} and WeightDecay = {decay:G3}: at that rate WeightDecay = {WeightDecay:G3} would decay the weights by " +
            $"LearningRate × WeightDecay = {step:G3} a step, {limit}";
    }

    /// <summary>The global-norm clipping threshold, or null.</summary>
    public float? GradientClipNorm { get; init; }

    /// <summary>Momentum μ of the Momentum and Nesterov rules (their steps are ≈ η/(1 − μ) times the gradient).</summary>
    public float Momentum { get; init; }

    /// <summary>The ε of RMSprop, Adam and AdamW (<see cref="BackpropTrainer.Options.Epsilon"/>): their step is about the
    /// learning rate for a gradient well above it, and shrinks in proportion below it.</summary>
    public float Epsilon { get; init; } = Defaults.Epsilon;

    /// <summary>The size of a weight's gradient below which its steps stop moving it:
    /// <see cref="DiagnosisThresholds.VanishingFloor"/>, or under RMSprop, Adam and AdamW the smaller of it and
    /// <see cref="Epsilon"/> (their steps do not scale with the gradient above ε).</summary>
    public double VanishingFloor => AdaptiveSteps ? Math.Min(Thresholds.VanishingFloor, Epsilon) : Thresholds.VanishingFloor;

    /// <summary>L2 norm of all weight matrices before training (the scale against which a step is judged); 0 if unknown.</summary>
    public double InitialWeightNorm { get; init; }

    /// <summary>Root mean square of the weight matrices' values before training (<see cref="InitialWeightNorm"/> over the
    /// square root of their count): the scale of one weight; 0 if unknown.</summary>
    public double InitialWeightRms { get; init; }

    /// <summary>L2 penalty λ added to the weight gradients (0 for none).</summary>
    public float L2Regularization { get; init; }

    /// <summary>The largest L2 norm of one layer's weight matrix before training; 0 if unknown.</summary>
    public double LargestInitialLayerWeightNorm { get; init; }

    /// <summary>The hidden layers' initial bias (<see cref="BackpropTrainer.Options.InitialBias"/>, read from the
    /// network before training); 0 when unknown or when there is no hidden layer.</summary>
    public float InitialBias { get; init; }

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

    /// <summary>The rate "lower the learning rate" advice suggests for <paramref name="rate"/>: a tenth of it; under an
    /// adaptive optimizer at most the default (its step moves each weight by about the rate whatever the gradient, so a
    /// tenth of an absurd rate, 1000 → 100, is still absurd).</summary>
    public double LoweredLearningRate(double rate)
    {
        double tenth = DiagnosisMath.Round1(rate / 10);
        return AdaptiveSteps && tenth > Defaults.LearningRate ? Defaults.LearningRate : tenth;
    }

    /// <summary>The ML.NET normaliser the "normalise the inputs" advice names: <c>NormalizeMeanVariance</c> for dense
    /// features; for sparse ones <c>NormalizeMinMax</c>, which keeps zeros at 0 (a centred sparse column is dense, and
    /// the UnnormalizedInputs finding says so).</summary>
    public string InputNormalizer => FeatureScales?.NonZeroMagnitudes is null ? "NormalizeMeanVariance" : "NormalizeMinMax";

    /// <summary>The label column when the regression label the network trains on is far from unit scale (a
    /// <see cref="LabelScaleCheck"/> finding among <see cref="DataFindings"/>: StandardizeLabel = false), else null.</summary>
    public string? LabelNeedingScaling => DataFindings.FirstOrDefault(LabelScaleCheck.Is)?.Column;

    /// <summary>True when the user turned <see cref="BackpropTrainer.Options.StandardizeFeatures"/> off in a fit where
    /// turning it on would standardise the features (the in-memory and streaming modes, on the dense path).</summary>
    public bool StandardizeFeaturesOff { get; init; }

    /// <summary>Training loss of the best constant prediction (the label's average), or null when unknown.</summary>
    public double? ConstantPredictionLoss { get; init; }

    /// <summary>The categorical columns, in the order of their embedding tables (<see cref="EmbeddingStatistics.Table"/>); empty for none.</summary>
    public IReadOnlyList<string> TableNames { get; init; } = [];

    /// <summary>What was found in the data before training (validation labels far from the training labels, a label
    /// far from unit scale in a fit that does not standardise it), part of
    /// every diagnosis of the run; empty for none.</summary>
    public IReadOnlyList<Finding> DataFindings { get; init; } = [];

    /// <summary>True when a finding among <see cref="DataFindings"/> says the data carries nothing to learn (every feature
    /// constant, or a constant regression label: <see cref="DegenerateDataCheck"/>): the training dynamics then describe a
    /// network with nothing to learn, and the checks that read them are not run.</summary>
    public bool NothingToLearn => DataFindings.Any(DegenerateDataCheck.Is);

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
            Epsilon = options.OptimizerSettings.Epsilon,
            InitialWeightNorm = Math.Sqrt(network.Layers.Sum(l => (double)Numerics.WideSums.SumOfSquares(l.WeightParameter.Values))),
            InitialWeightRms = Math.Sqrt(network.Layers.Sum(l => SumOfSquares(l.WeightParameter.Values)) / Math.Max(1, network.Layers.Sum(l => (long)l.WeightParameter.Length))),
            L2Regularization = options.L2Regularization,
            LargestInitialLayerWeightNorm = network.Layers.Max(l => Math.Sqrt(SumOfSquares(l.WeightParameter.Values))),
            WeightDecay = options.OptimizerSettings.WeightDecay ?? Defaults.WeightDecayOf(options.Optimizer),
            // Every hidden layer's biases start at the option's value (NeuralNetwork.Create): the first one's tells it.
            InitialBias = network.Layers.Count > 1 && network.Layers[0].BiasParameter.Values.Length > 0 ? network.Layers[0].BiasParameter.Values[0] : 0f,
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
