using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Integration.Data;
using MLNet.Backprop.Network;
using MLNet.Backprop.Training;

namespace MLNet.Backprop;

// One network of a model: its own seed, hold-out and automatic settings, trained on the standardised rows, then the
// feature standardisation folded into its first layer. A model of EnsembleSize networks trains them side by side on
// the available threads; the first one's history and diagnosis are the model's.
public sealed partial class BackpropTrainer
{
    /// <summary>What every network of one Fit shares.</summary>
    private sealed record MemberContext(BackpropTask Task, LossFunction Loss, int ClassCount, TrainingRows Rows, TrainingData? Validation,
        Standardization Standardization, string[]? SlotNames, IChannel Channel)
    {
        /// <summary>Findings logged so far (a finding raised by several networks or epochs is logged once).</summary>
        public HashSet<string> Logged { get; } = [];
    }

    private sealed record Member(NeuralNetwork Network, TrainingHistory History);

    /// <summary>The seed of network <paramref name="index"/>: the run's seed for the first, a mix of both for the others.</summary>
    internal static int MemberSeed(int seed, int index)
    {
        if (index == 0) return seed;
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 30)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    /// <summary>Trains every network. One network uses every thread for its matrix products; the networks of an ensemble
    /// train side by side instead, up to <see cref="Options.NumberOfThreads"/> at once, one thread each, the first on
    /// the calling thread (so that <see cref="Options.Progress"/> is called there). Each network's training is
    /// bit-identical for any thread count, so the model is too.</summary>
    private Member[] TrainMembers(MemberContext c, int seed)
    {
        int count = _options.MicroBatchSize is null ? _options.EnsembleSize : 1;
        var members = new Member[count];
        int threads = _options.NumberOfThreads == 0 ? Environment.ProcessorCount : _options.NumberOfThreads;
        int parallel = Math.Min(threads, count);
        if (parallel <= 1)
        {
            for (int m = 0; m < count; m++) members[m] = TrainMember(c, m, MemberSeed(seed, m), threads, _options.CancellationToken);
            return members;
        }

        // A failing network stops the others; the first failure in network order is rethrown. The calling thread
        // trains network 1, then, like the helpers, takes the next untrained network until none is left.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_options.CancellationToken);
        var failures = new Exception?[count];
        int next = 0;
        void Train(int m)
        {
            try
            {
                members[m] = TrainMember(c, m, MemberSeed(seed, m), 1, stop.Token);
            }
            catch (Exception e)
            {
                failures[m] = e;
                stop.Cancel();
            }
        }
        void TakeNetworks()
        {
            for (int m = Interlocked.Increment(ref next); m < count; m = Interlocked.Increment(ref next)) Train(m);
        }
        var helpers = Enumerable.Range(0, parallel - 1).Select(_ => Task.Run(TakeNetworks)).ToArray();
        Train(0);
        TakeNetworks();
        Task.WaitAll(helpers);
        var failure = failures.FirstOrDefault(e => e is not null and not OperationCanceledException) ?? failures.FirstOrDefault(e => e is not null);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return members;
    }

    private Member TrainMember(MemberContext c, int index, int seed, int threads, CancellationToken cancellation)
    {
        var channel = c.Channel;
        bool automaticEpochs = _options.NumberOfEpochs is null;
        bool earlyStopping = automaticEpochs || _options.EarlyStoppingPatience is not null;
        bool automaticHoldOut = earlyStopping && c.Validation is null && c.Rows.InMemory is not null && _options.MicroBatchSize is null;
        float holdOut = _options.ValidationFraction ?? (automaticHoldOut ? AutomaticSettings.HoldOut(c.Rows.Summary.Rows) : 0f);
        using var set = MemberSet(c.Rows, c.Task, c.ClassCount, seed, c.Validation, holdOut, c.Standardization);
        long rows = set.Summary.Rows;
        int epochs = _options.NumberOfEpochs ?? AutomaticSettings.Epochs(rows, _options.BatchSize);
        int? patience = _options.EarlyStoppingPatience
            ?? (automaticEpochs && set.Validation is not null ? AutomaticSettings.Patience(rows, _options.BatchSize) : null);

        int columns = set.Summary.Columns;
        int outputs = c.Task == BackpropTask.MulticlassClassification ? c.ClassCount : 1;
        var network = NeuralNetwork.Create(_options.ToNetworkOptions(columns, outputs, (ulong)seed));
        CheckBatchSize(set, outputs);
        CheckMetricHasValidation(patience, set.Validation);
        var trainingOptions = _options.ToTrainingOptions(c.Loss, (ulong)seed + 1, epochs, patience);
        trainingOptions.NumberOfThreads = threads;
        trainingOptions.CheckFinalOutputs = !ChecksModelOutputs(c.Standardization);
        lock (c.Logged) CheckValidation(set.Validation, c.Task, c.ClassCount, trainingOptions, channel);
        // The first network's history and diagnosis are the model's: the others skip the per-layer unit statistics.
        if (index > 0) trainingOptions.RecordDiagnostics = false;
        string who = _options.EnsembleSize > 1 ? $" (network {index + 1} of {_options.EnsembleSize})" : "";
        Info(c, $"Training a {c.Task} MLP{who} {columns}→{string.Join("→", _options.HiddenLayers)}→{outputs} " +
            $"({network.ParameterCount} parameters) on {rows} rows{(_options.DataLoading == DataLoading.Streaming ? " (streaming)" : "")}" +
            (set.Validation is null ? "" : $", validating on {set.Validation.Rows}") +
            $"; {_options.Optimizer}, learning rate {_options.LearningRate}, batch {_options.BatchSize}, at most {epochs} epochs" +
            (patience is int p ? $" (patience {p})" : "") + $", seed {seed}" + Standardized(c.Standardization) + ".");

        // The network sees standardised features when the trainer standardises them: their raw scales do not matter.
        var scales = c.Standardization.ChangesFeatures ? null : FeatureScaleReport.From(set.Summary, c.SlotNames);
        var monitor = new DiagnosisMonitor(DiagnosisContext.Create(network, trainingOptions, set.Validation is not null, scales,
            Baseline(c, set), _options.DiagnosisThresholds));
        if (index == 0 && scales is not null)
            foreach (var finding in TrainingDiagnostician.DiagnoseInputs(scales, _options.DiagnosisThresholds)) Log(channel, finding, c.Logged);

        // Only the first network's epochs are logged and reported: its history is the model's.
        IProgress<EpochReport>? progress = index == 0 ? new ChannelProgress(channel, epochs, _options.Progress, c.Logged) : null;
        TrainingHistory history;
        try
        {
            history = Train(network, set, trainingOptions, progress, monitor, cancellation);
        }
        catch (TrainingDivergedException diverged)
        {
            foreach (var finding in diverged.Diagnosis.Findings.Where(f => f.Kind != FindingKind.UnnormalizedInputs)) Log(channel, finding, c.Logged);
            if (!c.Standardization.ChangesTarget && LabelScaleProblem(c.Task, set.Summary) is { } label)
                throw new TrainingDivergedException(label + diverged.Message, diverged.Epoch, diverged.Batch, diverged.History, diverged.Diagnosis);
            throw;
        }
        history.Settings = new TrainingSettings
        {
            MaximumEpochs = epochs,
            EarlyStoppingPatience = patience,
            EarlyStoppingMetric = _options.EarlyStoppingMetric,
            HoldOutFraction = c.Validation is null ? holdOut : 0f,
            TrainingRows = rows,
            ValidationRows = set.Validation?.Rows ?? 0,
            Seed = seed,
            Initialization = WeightInitializer.Resolve(_options.Initialization, _options.Activation),
            StandardizedFeatures = c.Standardization.ChangesFeatures,
            StandardizedLabel = c.Standardization.ChangesTarget,
        };
        Info(c, $"Training{who} ended ({history.StopReason}) after {history.Epochs.Count} epochs in {history.Elapsed.TotalSeconds:F2} s; kept epoch {history.BestEpoch}.");
        foreach (var finding in history.Diagnosis.Findings) Log(channel, finding, c.Logged);
        c.Standardization.FoldInto(network);
        return new Member(network, history);
    }

    private static void Info(MemberContext c, string message)
    {
        lock (c.Logged) c.Channel.Info(MessageSensitivity.None, message);
    }

    /// <summary>The constant-prediction loss in the units training reports (standardised label: ÷ σ²).</summary>
    private static double? Baseline(MemberContext c, TrainingSet set)
    {
        double? baseline = ConstantPredictionLoss.Of(c.Loss, set.Summary, balanced: set.Balance is not null);
        double scale = c.Standardization.TargetScale;
        return baseline / (scale * scale);
    }

    private static string Standardized(Standardization s) =>
        (s.ChangesFeatures ? "; features standardised" : "") + (s.ChangesTarget ? $"; label standardised (mean {s.TargetOffset:G4}, sd {s.TargetScale:G4})" : "");
}
