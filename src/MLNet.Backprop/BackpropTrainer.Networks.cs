using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Backprop.Calibration;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

// The networks of a model, as the fit plan says: each with its own seed, hold-out and automatic settings, trained on the
// standardised rows, then the feature standardisation folded into its first layer. An ensemble trains its networks side
// by side on the available threads (one after another in the micro-batch modes, each step on every thread or a
// cluster's workers); the first network's history and diagnosis are the model's.
public sealed partial class BackpropTrainer
{
    /// <summary>What every network of one Fit shares.</summary>
    private sealed record FitContext(FitPlan Plan, int ClassCount, TrainingRows Rows, TrainingData? Validation, string[]? SlotNames, IChannel Channel)
    {
        /// <summary>Findings logged so far (a finding raised by several networks or epochs is logged once).</summary>
        public HashSet<string> Logged { get; } = [];

        public int Outputs => Plan.Task == BackpropTask.MulticlassClassification ? ClassCount : 1;
    }

    /// <summary>A trained network, the class weights its loss used (null unweighted) and, for a classifier with a
    /// hold-out, its logits there (for the calibration).</summary>
    private sealed record TrainedNetwork(NeuralNetwork Network, TrainingHistory History, double[]? ClassWeights = null, HeldOutScores? HeldOut = null);

    /// <summary>The seed of network <paramref name="index"/>: the run's seed for the first, a mix of both for the others.</summary>
    internal static int MemberSeed(int seed, int index)
    {
        if (index == 0) return seed;
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 30)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    /// <summary>Trains every network of the plan. One network uses every thread for its matrix products; the networks of
    /// an ensemble train side by side instead, one thread each, the first on the calling thread (so that
    /// <see cref="Options.Progress"/> is called there). Each network's training is bit-identical for any thread count,
    /// so the model is too.</summary>
    private TrainedNetwork[] TrainNetworks(FitContext c, int seed)
    {
        int count = c.Plan.Networks;
        var trained = new TrainedNetwork[count];
        if (c.Plan.NetworksAtOnce <= 1)
        {
            for (int m = 0; m < count; m++) trained[m] = TrainNetwork(c, m, MemberSeed(seed, m), _options.CancellationToken);
            return trained;
        }

        // A failing network stops the networks after it, never one before it: those finish (or fail) as they would one
        // after another, so the failure rethrown, the first in network order, is the same whatever the timing. The
        // calling thread trains network 1, then, like the helpers, takes the next untrained network until none is left.
        var stops = new CancellationTokenSource[count];
        for (int m = 0; m < count; m++) stops[m] = CancellationTokenSource.CreateLinkedTokenSource(_options.CancellationToken);
        var failures = new Exception?[count];
        int next = 0, firstFailed = count;
        void Train(int m)
        {
            try
            {
                trained[m] = TrainNetwork(c, m, MemberSeed(seed, m), stops[m].Token);
            }
            catch (Exception e)
            {
                failures[m] = e;
                int failed = Volatile.Read(ref firstFailed);
                while (m < failed && Interlocked.CompareExchange(ref firstFailed, m, failed) != failed) failed = Volatile.Read(ref firstFailed);
                for (int later = m + 1; later < count; later++) stops[later].Cancel();
            }
        }
        void TakeNetworks()
        {
            for (int m = Interlocked.Increment(ref next); m < count && m < Volatile.Read(ref firstFailed); m = Interlocked.Increment(ref next)) Train(m);
        }
        var helpers = Enumerable.Range(0, c.Plan.NetworksAtOnce - 1).Select(_ => Task.Run(TakeNetworks)).ToArray();
        Train(0);
        TakeNetworks();
        Task.WaitAll(helpers);
        foreach (var stop in stops) stop.Dispose();
        var failure = failures.FirstOrDefault(e => e is not null and not OperationCanceledException) ?? failures.FirstOrDefault(e => e is not null);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return trained;
    }

    /// <summary>The share of <paramref name="rows"/> one network holds out, given the plan's <paramref name="share"/>:
    /// bounded where the held-out rows are kept (streamed: <see cref="TrainingRows.HoldOutShare"/>; drawn row by row for
    /// a cluster's coordinator: <see cref="FitPlan.ByRowShare"/>), counted in the form the rows are served. The supervised bins
    /// ask the same before the rows are served, dense as every binned stage is.</summary>
    private static float NetworkHoldOut(TrainingRows rows, FitMode mode, float share, bool automatic) =>
        FitPlan.RulesOf(mode).HoldsOutByRow ? FitPlan.ByRowShare(share, automatic, rows.Summary, rows.Inputs)
        : rows.HoldOutShare(share, automatic);

    private TrainedNetwork TrainNetwork(FitContext c, int index, int seed, CancellationToken cancellation)
    {
        var plan = c.Plan;
        var channel = c.Channel;
        float holdOut = NetworkHoldOut(c.Rows, plan.Mode, plan.HoldOutFor(c.Rows.Summary.Rows), automatic: plan.HoldOut is null);
        using var set = c.Rows.ForNetwork(new NetworkRowsRequest((ulong)seed, holdOut, c.Validation, plan.Standardization,
            plan.Task != BackpropTask.Regression, (summary, part) => Balance(summary, plan.Task, c.ClassCount, part), _options.BalancedSampling,
            AutomaticHoldOut: plan.HoldOut is null, ByRow: FitPlan.RulesOf(plan.Mode).HoldsOutByRow));
        long rows = set.Layout.Rows;
        var settings = plan.ForNetwork(index, seed, set.Summary.Columns, c.Outputs, rows, set.Validation);
        var training = settings.Training;
        var network = NeuralNetwork.Create(settings.Architecture);
        CheckBatchSize(set, c.Outputs);
        CheckMetricHasValidation(training.EarlyStoppingPatience, set.Validation, plan.Task);
        lock (c.Logged) CheckValidation(set.Validation, plan.Task, c.ClassCount, settings, channel);
        string who = plan.Networks > 1 ? $" (network {index + 1} of {plan.Networks})" : "";
        string input = plan.Inputs.SparseWidth > 0 ? $" (sparse input, {set.Summary.NonZeros / (double)Math.Max(1, set.Summary.Rows):F1} non-zeros a row)" : "";
        Info(c, $"Training a {plan.Task} MLP{who} {set.Summary.Columns}→{string.Join("→", settings.Architecture.HiddenLayers)}→{c.Outputs}{input} " +
            $"({network.ParameterCount} parameters) on {rows} rows{(plan.Mode == FitMode.Streaming ? " (streaming)" : "")}" +
            (set.Validation is null ? "" : $", validating on {set.Validation.Rows}") +
            $"; {training.Optimizer}, learning rate {training.LearningRate}, batch {training.BatchSize}, at most {training.NumberOfEpochs} epochs" +
            (training.EarlyStoppingPatience is int p ? $" (patience {p})" : "") + $", seed {seed}" + Standardized(plan.Standardization) + ".");

        // The network sees standardised features when the trainer standardises them, values in [0, 1] when it encodes
        // them piecewise-linearly and values within ±3 when it clips them: their raw scales do not matter.
        bool encoded = plan.Architecture.InputParts?.Any(p => p.Kind == Network.Inputs.InputKind.PiecewiseLinear || p.Clip is not null) == true;
        var scales = plan.Standardization.ChangesFeatures || encoded ? null
            : plan.Inputs.SparseWidth > 0 ? FeatureScaleReport.FromSparse(set.Summary, c.SlotNames) : FeatureScaleReport.From(set.Summary, c.SlotNames);
        // Validation labels far beyond the training labels are told, not refused: validation data may differ.
        var distantLabels = plan.Task == BackpropTask.Regression && set.Validation is { } checkedRows
            ? ValidationLabelCheck.Check(checkedRows.Targets, plan.Standardization, set.Summary.LabelMean, Math.Sqrt(set.Summary.LabelVariance),
                _options.LabelColumnName, heldOut: c.Validation is null)
            : null;
        // With StandardizeLabel off (every mode standardises the label otherwise, FitPlan's rule) a label far from unit
        // scale is told before training, from the counting pass (the cluster's from its shards' manifest).
        var labelScale = plan.Task == BackpropTask.Regression && !(FitPlan.RulesOf(plan.Mode).StandardizesLabel && _options.StandardizeLabel)
            ? LabelScaleCheck.Check(set.Summary.LabelMean, Math.Sqrt(set.Summary.LabelVariance), _options.LabelColumnName)
            : null;
        // Streamed rows sorted or grouped by the label train block after block on one part of it: told before training,
        // from the counting pass (the blocks' labels in file order).
        var ordered = (c.Rows as StreamedRows)?.OrderFinding(_options.LabelColumnName);
        // Data with nothing to learn (every feature constant, or a constant regression label) is told before training, from
        // the counting pass; the diagnosis then leaves out the findings read from the training dynamics.
        var degenerate = new[]
        {
            DegenerateDataCheck.ConstantFeatures(set.Summary, c.SlotNames, _options.FeatureColumnName, _options.CategoricalColumnNames.Length > 0),
            plan.Task == BackpropTask.Regression ? DegenerateDataCheck.ConstantLabel(set.Summary, _options.LabelColumnName) : null,
        }.OfType<Finding>().ToArray();
        Finding[] dataFindings = [.. degenerate, .. new[] { distantLabels, labelScale, ordered }.OfType<Finding>()];
        // Advice to turn StandardizeFeatures on only where it would act: not on the sparse path (FitPlan's rule; in the
        // micro-batch and cluster modes it brings the default input stage back).
        bool standardizeOff = !_options.StandardizeFeatures && FitPlan.RulesOf(plan.Mode).StandardizesFeatures && plan.Inputs.SparseWidth == 0;
        var monitor = new DiagnosisMonitor(DiagnosisContext.Create(network, training, set.Validation is not null, scales,
            Baseline(plan, set), _options.DiagnosisThresholds, _options.CategoricalColumnNames, dataFindings,
            standardizeFeaturesOff: standardizeOff));
        if (index == 0 && scales is not null)
            foreach (var finding in TrainingDiagnostician.DiagnoseInputs(scales, _options.DiagnosisThresholds, standardizeOff)) Log(channel, finding, c.Logged);
        foreach (var finding in degenerate) Log(channel, finding, c.Logged);
        if (labelScale is not null) Log(channel, labelScale, c.Logged);
        if (ordered is not null) Log(channel, ordered, c.Logged);

        // Side by side, only the first network's epochs are logged and reported (on the calling thread): its history is
        // the model's. One after another (the micro-batch modes), every network's are logged, naming the network, and
        // passed to the cluster's reports (the later networks are most of such a fit's time); Progress stays the first's.
        bool inTurn = FitPlan.RulesOf(plan.Mode).NetworksOneAfterAnother;
        IProgress<EpochReport>? progress = index == 0 || inTurn
            ? new ChannelProgress(channel, training.NumberOfEpochs, _options.Progress, c.Logged, index, _options.EveryNetworkProgress,
                inTurn && plan.Networks > 1 ? $"network {index + 1} of {plan.Networks}, " : "")
            : null;
        TrainingHistory history;
        try
        {
            history = RunSteps(plan, index, network, set, training, progress, monitor, cancellation);
        }
        catch (TrainingDivergedException diverged)
        {
            foreach (var finding in diverged.Diagnosis.Findings.Where(f => f.Kind != FindingKind.UnnormalizedInputs)) Log(channel, finding, c.Logged);
            if (!plan.Standardization.ChangesTarget && LabelScaleProblem(plan.Task, set.Summary) is { } label)
                throw new TrainingDivergedException(label + diverged.Message, diverged.Epoch, diverged.Batch, diverged.History, diverged.Diagnosis);
            throw;
        }
        history.Settings = new TrainingSettings
        {
            MaximumEpochs = training.NumberOfEpochs,
            EarlyStoppingPatience = training.EarlyStoppingPatience,
            EarlyStoppingMetric = training.EarlyStoppingMetric,
            HoldOutFraction = c.Validation is null && set.Validation is not null ? holdOut : 0f,
            TrainingRows = rows,
            ValidationRows = set.Validation?.Rows ?? 0,
            Seed = seed,
            Initialization = WeightInitializer.Resolve(_options.Initialization, Network.Activations.ActivationFunctions.Create(settings.Architecture.Activation)),
            StandardizedFeatures = plan.Standardization.ChangesFeatures,
            StandardizedLabel = plan.Standardization.ChangesTarget,
        }.WithInputStage(plan);
        Info(c, $"Training{who} ended ({history.StopReason}) after {history.Epochs.Count} epochs in {history.Elapsed.TotalSeconds:F2} s; kept epoch {history.BestEpoch}.");
        foreach (var finding in history.Diagnosis.Findings) Log(channel, finding, c.Logged);
        // Scored before the standardisation is folded in: the hold-out rows are standardised as the training rows are.
        var heldOut = plan.Task != BackpropTask.Regression && set.Validation is { } v ? HeldOutScoring.Score(network, v, history, plan.Training.Optimizer) : null;
        var classWeights = TrainedPriorWeights(plan.Task, set, c.ClassCount);
        network = network.WithInputScalesFolded(); // before the standardisation, which acts on the plain rows of W
        plan.Standardization.FoldInto(network);
        return new TrainedNetwork(network, history, classWeights, heldOut);
    }

    /// <summary>Per class, the factor by which training changed the class' share of the loss (null: unchanged): class
    /// weighting's weights, and balanced mini-batches', which move the shares to equal exactly as Balanced weights do
    /// (both together multiply). The calibration undoes these.</summary>
    private double[]? TrainedPriorWeights(BackpropTask task, TrainingSet set, int classCount)
    {
        var weights = set.Balance is { } balance ? Calibration.PriorCorrection.BalancedWeights(balance.ClassWeights, classCount, balance.Exponent) : null;
        if (!_options.BalancedSampling || task == BackpropTask.Regression) return weights;
        var sampling = Calibration.PriorCorrection.BalancedWeights(set.Summary.ClassWeights, classCount);
        return weights is null ? sampling : weights.Zip(sampling, (w, s) => w * s).ToArray();
    }

    private static void Info(FitContext c, string message)
    {
        lock (c.Logged) c.Channel.Info(MessageSensitivity.None, message);
    }

    /// <summary>The constant-prediction loss in the units training reports (standardised label: ÷ σ²).</summary>
    private static double? Baseline(FitPlan plan, TrainingSet set)
    {
        double? baseline = ConstantPredictionLoss.Of(plan.Loss, set.Summary, set.Balance?.Exponent ?? 0);
        double scale = plan.Standardization.TargetScale;
        return baseline / (scale * scale);
    }

    private static string Standardized(Standardization s) =>
        (s.ChangesFeatures ? "; features standardised" : "") + (s.ChangesTarget ? $"; label standardised (mean {s.TargetOffset:G4}, sd {s.TargetScale:G4})" : "");
}
