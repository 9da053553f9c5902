using System.Numerics.Tensors;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;

namespace MLNet.Backprop.Training;

/// <summary>The micro-batch mode of one run: who computes the steps, and the checkpoints.</summary>
/// <param name="Executor">Computes each step's reduced gradient sum (this machine's threads or a cluster).</param>
internal sealed record MicroBatchSetup(IStepExecutor Executor)
{
    /// <summary>The state to continue from, or null to start afresh.</summary>
    public RunCheckpoint? Resume { get; init; }

    /// <summary>Receives a checkpoint every <see cref="CheckpointEverySteps"/> steps and at the start of every epoch after
    /// the first; null for none.</summary>
    public Action<RunCheckpoint>? Checkpoint { get; init; }

    /// <summary>Steps between two checkpoints inside an epoch; 0 for epoch boundaries only.</summary>
    public int CheckpointEverySteps { get; init; }
}

internal static partial class MlpTrainer
{
    /// <summary>Trains in the micro-batch mode: every step's gradient is the root of the fixed reduction tree over
    /// micro-batch sums that <paramref name="setup"/>'s executor computes; the rest of the run (L2, statistics, clipping,
    /// the optimizer, validation, early stopping, the history) is the default loop's.</summary>
    /// <param name="network">The network; trained in place.</param>
    /// <param name="layout">The training rows' size and shape (the executor gathers the rows).</param>
    /// <param name="options">How to train (checked by the caller).</param>
    /// <param name="validation">Held-out examples, or null.</param>
    /// <param name="progress">Receives each epoch's report, or null.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <param name="monitor">Watches the run, or null.</param>
    /// <param name="setup">The executor, and the checkpoint to resume from and where to write new ones.</param>
    public static TrainingHistory Train(NeuralNetwork network, RowLayout layout, TrainingOptions options, TrainingData? validation,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken, ITrainingMonitor? monitor, MicroBatchSetup setup)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(setup);
        var loss = LossFunctions.Create(options.Loss);
        if (layout.Inputs != network.Input.Shape)
            throw new ArgumentException($"The training rows carry {layout.Inputs} but the network expects {network.Input.Shape}.", nameof(layout));
        if (validation is not null) CheckFits(network, loss, validation, nameof(validation));
        CheckMetric(options, loss, network, validation);
        return new Run(network, null, layout, options, loss, validation, progress, cancellationToken, monitor ?? NullTrainingMonitor.Instance, setup).Execute();
    }

    private sealed partial class Run
    {
        /// <summary>The micro-batch mode, or null for the default loop.</summary>
        private readonly MicroBatchSetup? _microBatches;
        private RunCheckpoint? _pendingResume;
        private float[]? _weightVector;

        /// <summary>Restores a checkpoint if there is one; returns the epoch to start with.</summary>
        private int ResumeFromCheckpoint()
        {
            if (_microBatches?.Resume is not { } resume) return 1;
            ParameterVector.LoadValues(_network, resume.Weights);
            var state = _optimizer.State;
            if (state.Count != resume.OptimizerState.Length) throw new InvalidDataException("The checkpoint's optimizer state does not fit this optimizer.");
            for (int i = 0; i < state.Count; i++) resume.OptimizerState[i].AsSpan().CopyTo(state[i]);
            _optimizer.ResumeAt(resume.OptimizerSteps);
            _history = TrainingHistory.FromJson(resume.HistoryJson);
            _sinceBest = resume.SinceBest;
            _bestMetric = resume.BestMetric;
            _bestEpoch = resume.BestEpoch;
            _bestValues = resume.BestValues;
            _firstNorms.AddRange(resume.FirstNorms);
            _monitor.Resume(_history, resume.FirstNorms);
            _pendingResume = resume;
            return resume.Epoch;
        }

        /// <summary>The micro-batch mode's epoch: each step's gradient reduced from the executor's micro-batch sums, then
        /// the shared step; a checkpoint every <see cref="MicroBatchSetup.CheckpointEverySteps"/> steps. False when
        /// training diverged and the best model is to be returned.</summary>
        private bool RunMicroBatchSteps(int epoch, float learningRate)
        {
            var setup = _microBatches!;
            var plan = setup.Executor.Plan;
            int first = 0;
            if (_pendingResume is { } resume)
            {
                first = resume.StepInEpoch;
                _totals = resume.Totals;
                _recorder.Restore(resume.Recorder);
                _pendingResume = null;
            }
            else
            {
                _totals = default;
                _recorder.BeginEpoch();
                if (epoch > 1) setup.Checkpoint?.Invoke(Capture(epoch, 0));
            }

            var weights = _weightVector ??= new float[_network.ParameterCount];
            for (int s = first; s < plan.StepsPerEpoch; s++)
            {
                _cancellation.ThrowIfCancellationRequested();
                bool last = s == plan.StepsPerEpoch - 1;
                var at = new StepCoordinates(epoch - 1, s, plan.GlobalStep(epoch - 1, s));
                ParameterVector.CopyValues(_network, weights);
                var root = setup.Executor.Compute(at, weights, _cancellation);
                _totals.Batches++;
                if (root.Weight > 0) // a step of zero-weight rows teaches nothing, as in the default loop
                {
                    double weight = root.Weight, batchLoss = root.Loss / weight;
                    if (!double.IsFinite(batchLoss)) return Diverge(epoch, _totals.Batches, $"the training loss became {batchLoss}", learningRate);
                    SetStepGradients(root.Gradient, weight);
                    double norm = _recorder.RecordBatch(root.Activity);
                    setup.Executor.Release(root);
                    if (!Step(norm, batchLoss, weight, epoch, learningRate, last)) return false;
                }
                else setup.Executor.Release(root);
                if (!last && setup.CheckpointEverySteps > 0 && (at.Step + 1) % setup.CheckpointEverySteps == 0)
                    setup.Checkpoint?.Invoke(Capture(epoch, s + 1));
            }
            return true;
        }

        /// <summary>Every parameter's gradient = the step's sum × (1/Σw), rounded once; then the L2 term on weight
        /// matrices (with an id-like table's prior), as the default loop's backward pass adds it.</summary>
        private void SetStepGradients(float[] sum, double weight)
        {
            float scale = (float)(1.0 / weight);
            int offset = 0;
            foreach (var p in _network.Parameters)
            {
                TensorPrimitives.Multiply(sum.AsSpan(offset, p.Length), scale, p.Gradients);
                // The step's gradient is a dense sum (the micro-batches' touched rows are not sent): every row is updated.
                // An embedding table's rows with a non-zero sum are listed all the same, before the L2 term, for the
                // tables' statistics (a row of a key no micro-batch held sums to exactly zero); nothing reads the list
                // of a sparse first layer, which can hold millions of rows, so that one is not scanned.
                if (p.Touched is { } touched)
                {
                    if (IsEmbeddingTable(p)) ListNonZeroRows(p.Gradients, touched);
                    else touched.MarkAll();
                }
                float l2 = _options.L2Regularization + p.Prior;
                if (p.IsWeightMatrix && l2 > 0f)
                    TensorPrimitives.MultiplyAdd(p.Values, l2, p.Gradients, p.Gradients);
                offset += p.Length;
            }
        }

        private HashSet<Parameter>? _embeddingTables;

        private bool IsEmbeddingTable(Parameter p) =>
            (_embeddingTables ??= _network.Input.Parts.OfType<EmbeddingInput>().Select(e => e.Table).ToHashSet<Parameter>(ReferenceEqualityComparer.Instance)).Contains(p);

        private static void ListNonZeroRows(ReadOnlySpan<float> gradient, TouchedRows touched)
        {
            touched.Clear();
            int width = touched.RowWidth;
            for (int r = 0; r < touched.RowCount; r++)
                if (TensorPrimitives.MaxMagnitude(gradient.Slice(r * width, width)) != 0f) touched.Add(r);
            touched.MarkAll();
        }

        /// <summary>The run's state before step <paramref name="nextStep"/> of the 1-based <paramref name="epoch"/>.</summary>
        private RunCheckpoint Capture(int epoch, int nextStep)
        {
            var weights = new float[_network.ParameterCount];
            ParameterVector.CopyValues(_network, weights);
            return new RunCheckpoint
            {
                Epoch = epoch,
                StepInEpoch = nextStep,
                Weights = weights,
                OptimizerSteps = _optimizer.StepCount,
                OptimizerState = _optimizer.State.Select(b => (float[])b.Clone()).ToArray(),
                Totals = _totals,
                Recorder = _recorder.Capture(),
                HistoryJson = _history.ToJson(),
                SinceBest = _sinceBest,
                BestMetric = _bestMetric,
                BestEpoch = _bestEpoch,
                BestValues = _bestValues?.Select(v => (float[])v.Clone()).ToArray(),
                FirstNorms = [.. _firstNorms],
            };
        }
    }
}
