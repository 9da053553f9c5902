using System.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Network.Losses;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training.Optimizers;

namespace MLNet.Backprop.Training;

// One training run's state and loop; MlpTrainer.cs holds the entry points and their checks.
internal static partial class MlpTrainer
{
    /// <summary>The state of one training run.</summary>
    private sealed partial class Run
    {
        private readonly NeuralNetwork _network;
        /// <summary>The mini-batches of the default loop; null in the micro-batch mode, whose executor gathers the rows.</summary>
        private readonly IBatchSource? _source;
        private readonly int _targetWidth;
        private readonly TrainingOptions _options;
        private readonly ILossFunction _loss;
        private readonly TrainingData? _validation;
        private readonly IProgress<EpochReport>? _progress;
        private readonly CancellationToken _cancellation;
        private readonly int _threads, _batchCapacity;
        private readonly Workspace _workspace;
        private readonly InputBatch _batchInputs;
        private readonly float[] _batchTargets;
        private readonly float[]? _batchWeights;
        private readonly Rng _shuffleRng, _dropoutRng;
        private readonly Optimizer _optimizer;
        private readonly LearningRateSchedule _schedule;
        private readonly LayerStatisticsRecorder _recorder;
        private TrainingHistory _history = new();
        private readonly ITrainingMonitor _monitor;
        private Finding? _divergence;
        private float[][]? _bestValues;
        private float[]? _validationLogits;
        private Workspace? _validationWorkspace;
        private double _bestMetric = double.NaN;
        private int _bestEpoch;
        private int _sinceBest;

        public Run(NeuralNetwork network, IBatchSource? source, RowLayout layout, TrainingOptions options, ILossFunction loss, TrainingData? validation,
            IProgress<EpochReport>? progress, CancellationToken cancellation, ITrainingMonitor monitor, MicroBatchSetup? microBatches = null)
        {
            _microBatches = microBatches;
            _network = network;
            _source = source;
            _options = options;
            _loss = loss;
            _validation = validation;
            _progress = progress;
            _cancellation = cancellation;
            _threads = options.ResolvedThreads;
            source?.UseThreads(_threads);
            _targetWidth = layout.TargetWidth;
            // The micro-batch mode gathers its rows elsewhere: no step-sized buffers here.
            _batchCapacity = source is null ? 1 : (int)Math.Min(options.BatchSize, layout.Rows);
            _workspace = new Workspace(network, _batchCapacity);
            _batchInputs = new InputBatch(layout.Inputs, _batchCapacity);
            _batchTargets = new float[(long)_batchCapacity * layout.TargetWidth];
            _batchWeights = layout.HasWeights ? new float[_batchCapacity] : null;
            var root = new Rng(options.Seed);
            _shuffleRng = root.Fork();
            _dropoutRng = root.Fork();
            // Row-wise state: the matrices that list their touched rows keep one accumulator per row (row-wise Adagrad), so
            // the rule allocates no state of theirs.
            bool rowWise = options.SparseUpdates == SparseUpdates.RowWise;
            foreach (var p in network.Parameters)
                if (p.Touched is not null) p.RowWiseState = rowWise;
            _optimizer = OptimizerFactory.Create(options.Optimizer, network.Parameters, options.OptimizerSettings);
            _optimizer.DegreeOfParallelism = _threads;
            if (rowWise) _optimizer.UseRowWise(options.OptimizerSettings.Epsilon);
            // A sparse input's rows of the first layer and the embedding tables: updated where a step touches them
            // (lazily, or with their skipped steps caught up), or every step. Catching up needs a zero gradient on the
            // skipped steps (no L2 term) and a rule with a closed form for them; otherwise every row every step. The
            // micro-batch mode's reduced gradients are dense: every row.
            bool listsRows = network.Parameters.Any(p => p.Touched is not null);
            bool catchUp = listsRows && microBatches is null && options.SparseUpdates == SparseUpdates.CatchUp
                && options.L2Regularization == 0f && _optimizer.UseCatchUp();
            foreach (var p in network.Parameters)
                if (p.Touched is { } touched) touched.Lazy = options.SparseUpdates is SparseUpdates.Lazy or SparseUpdates.RowWise || catchUp;
            // An id-like table under the automatic rule: a prior on every row every step (a mixed model's random effects),
            // so that a key seen a few times is shrunk towards zero where a lazy step would move it as far as a common one.
            // The micro-batch mode's steps update every row already (SetStepGradients adds the prior there).
            if (options.IdTablePrior > 0f)
                foreach (var p in network.Parameters)
                    if (p is { IsEmbeddingTable: true, Touched: { } touched } && touched.RowCount - 1 > options.IdTableMostKeys)
                    {
                        if (microBatches is null) touched.Lazy = false;
                        p.Prior = options.IdTablePrior;
                    }
            // Lazy or caught-up rows of a sparse first layer: the gradient holds the touched rows only, not a second matrix
            // as large as the weights (catch-up with weight decay may take a step on every row: dense then).
            if (options.CompactSparseGradient && microBatches is null && (!catchUp || _optimizer.WeightDecay == 0f)) network.Input.UseCompactGradient();
            _schedule = LearningRateSchedule.Create(options.LearningRateSchedule, options.LearningRate, options.NumberOfEpochs,
                options.ScheduleStepSize, options.ScheduleGamma, options.MinimumLearningRate);
            _recorder = new LayerStatisticsRecorder(network, options.RecordDiagnostics) { Threads = _threads, StepMovesTouchedRowsOnly = !catchUp };
            _monitor = monitor;
        }

        private bool KeepsBest => (_options.EarlyStoppingPatience is not null && _options.RestoreBestWeights)
            || _options.OnDivergence == DivergenceBehavior.ReturnBestModel;

        public TrainingHistory Execute()
        {
            var total = Stopwatch.StartNew();
            int firstEpoch = ResumeFromCheckpoint();
            _history.StopReason = StopReason.Completed;
            for (int epoch = firstEpoch; epoch <= _options.NumberOfEpochs; epoch++)
            {
                var watch = Stopwatch.StartNew();
                float learningRate = _schedule.GetLearningRate(epoch - 1);
                _network.DropoutFactor = ScheduledDropout.Factor(_options.DropoutSchedule, epoch - 1, _options.NumberOfEpochs);
                var outcome = RunEpoch(epoch, learningRate);
                if (outcome is null)
                {
                    _history.StopReason = StopReason.Diverged;
                    break;
                }

                (double? validationLoss, double? validationMetric) = Validate();
                // Non-finite outputs on the validation rows are a divergence, as on the training rows: not a loss of NaN
                // that early stopping would quietly pass over.
                if (validationLoss is double vl && !double.IsFinite(vl)
                    && !Diverge(epoch, 0, $"the validation rows' outputs are not finite (validation loss {vl})", learningRate))
                {
                    _history.StopReason = StopReason.Diverged;
                    break;
                }
                var report = outcome with { ValidationLoss = validationLoss, ValidationMetric = validationMetric, Elapsed = watch.Elapsed };
                _history.Add(report);
                var findings = _monitor.EpochCompleted(_history);
                if (findings.Count > 0) _history.ReplaceLast(report = report with { Findings = findings });

                double watched = validationMetric ?? report.TrainingLoss;
                if (IsImprovement(watched))
                {
                    _bestMetric = watched;
                    _bestEpoch = epoch;
                    _sinceBest = 0;
                    if (KeepsBest) SnapshotBest();
                }
                else if (!double.IsNaN(watched)) _sinceBest++; // an undefined metric (AUC of one class) is no evidence of stalling
                _progress?.Report(report);

                if (_options.EarlyStoppingPatience is int patience && _sinceBest >= patience)
                {
                    _history.StopReason = StopReason.EarlyStopped;
                    break;
                }
            }

            bool restore = _history.StopReason == StopReason.Diverged
                || (_options.EarlyStoppingPatience is not null && _options.RestoreBestWeights);
            if (restore && _bestValues is not null)
            {
                RestoreBest();
                _history.BestEpoch = _bestEpoch;
            }
            else _history.BestEpoch = _history.Epochs.Count;
            _network.DropoutFactor = 1f;
            _network.Input.FinishTraining();
            // Losses are measured before each update, so nothing has looked at the outputs of the weights returned: finite
            // weights can still be large enough for them to overflow, and such a model would score NaN or ±∞ on its own
            // training rows.
            int epochs = _history.Epochs.Count;
            if (epochs > 0 && _options.CheckFinalOutputs && _source is { } source && !(OutputBound.Of(_network, source.MaxAbsFeature) < OutputBound.Certain)
                && !OutputsFiniteOnTrainingRows(source))
                Diverge(epochs, 0, "the weights training ends with give a non-finite output on a training row", _schedule.GetLearningRate(epochs - 1), allowBest: false);
            _history.Elapsed = total.Elapsed;
            _history.Diagnosis = _monitor.Finish(_history, _divergence);
            return _history;
        }

        /// <summary>One pass over the data; null when training diverged and the best model is to be returned.</summary>
        private EpochReport? RunEpoch(int epoch, float learningRate)
        {
            PhaseClock.MarkEpochStart();
            bool completed = _microBatches is null ? RunBatches(epoch, learningRate) : RunMicroBatchSteps(epoch, learningRate);
            _optimizer.CatchUpAll(); // the statistics, validation and snapshots read every row
            return completed ? EndEpoch(epoch, learningRate) : null;
        }

        /// <summary>The default loop's epoch: each mini-batch gathered, forward, loss, backward on this process, then the
        /// shared step. False when training diverged and the best model is to be returned.</summary>
        private bool RunBatches(int epoch, float learningRate)
        {
            var source = _source!;
            source.BeginEpoch(_options.Shuffle ? _shuffleRng : null);
            _recorder.BeginEpoch();
            _totals = default;
            int width = _targetWidth;
            bool lastBatch = false;
            while (!lastBatch)
            {
                _cancellation.ThrowIfCancellationRequested();
                int count = source.Next(_batchInputs, _batchTargets, _batchWeights, _batchCapacity, out lastBatch);
                PhaseClock.Mark(TrainingPhase.Gather);
                if (count == 0) break;
                _totals.Batches++;
                double batchWeight = _batchWeights is null ? count : WideSums.Sum(_batchWeights.AsSpan(0, count));
                if (batchWeight <= 0) continue; // only zero-weight rows: nothing to learn from

                var inputs = _batchInputs.View(count);
                if (_optimizer.CatchesUp) _network.Input.ListReadRows(inputs, _optimizer); // the rows the forward pass reads, up to date
                var logits = _network.Forward(_workspace, inputs, training: true, _dropoutRng, _threads);
                double batchLoss = _loss.Evaluate(logits, _batchTargets.AsSpan(0, count * width),
                    _batchWeights is null ? default : _batchWeights.AsSpan(0, count), _workspace.Delta[^1], count, _network.OutputSize);
                PhaseClock.Mark(TrainingPhase.Loss);
                if (!double.IsFinite(batchLoss)) return Diverge(epoch, _totals.Batches, $"the training loss became {batchLoss}", learningRate);

                _network.Backward(_workspace, inputs, _threads, _options.L2Regularization);
                if (!Step(_recorder.RecordBatch(_workspace, count), batchLoss, batchWeight, epoch, learningRate, lastBatch)) return false;
            }
            return true;
        }

        /// <summary>One forward pass over every training row with the weights training returns (in memory: no copy;
        /// streaming: the data is read once more), false at the first non-finite output.</summary>
        private bool OutputsFiniteOnTrainingRows(IBatchSource source)
        {
            source.BeginEpoch(null);
            bool last = false;
            while (!last)
            {
                _cancellation.ThrowIfCancellationRequested();
                int count = source.Next(_batchInputs, _batchTargets, _batchWeights, _batchCapacity, out last);
                if (count == 0) break;
                foreach (float value in _network.Forward(_workspace, _batchInputs.View(count), training: false, null, _threads))
                    if (!float.IsFinite(value)) return false;
            }
            return true;
        }

        private (double? Loss, double? Metric) Validate()
        {
            if (_validation is null) return (null, null);
            var data = _validation;
            int outputs = _network.OutputSize, width = _targetWidth;
            // Allocated on the first validation and reused every epoch after.
            var logits = _validationLogits ??= new float[(long)data.Rows * outputs];
            var ws = _validationWorkspace ??= new Workspace(_network, Math.Min(ValidationChunk, data.Rows));
            double lossSum = 0, weightSum = 0;
            for (int start = 0; start < data.Rows; start += ValidationChunk)
            {
                int count = Math.Min(ValidationChunk, data.Rows - start);
                var chunk = _network.Forward(ws, data.View(start, count), training: false, null, _threads);
                chunk.CopyTo(logits.AsSpan(start * outputs));
                ReadOnlySpan<float> weights = data.Weights is null ? default : data.Weights.AsSpan(start, count);
                double chunkWeight = weights.IsEmpty ? count : WideSums.Sum(weights);
                if (chunkWeight <= 0) continue;
                lossSum += chunkWeight * _loss.Evaluate(chunk, data.Targets.AsSpan(start * width, count * width), weights, Span<float>.Empty, count, outputs);
                weightSum += chunkWeight;
            }
            double loss = lossSum / weightSum;
            double metric = _options.EarlyStoppingMetric switch
            {
                EarlyStoppingMetric.Auc => Metrics.Auc(logits, data.Targets),
                EarlyStoppingMetric.Accuracy => Metrics.Accuracy(logits, data.Targets, data.Rows, outputs),
                _ => loss,
            };
            return (loss, metric);
        }

        private bool IsImprovement(double value)
        {
            if (!double.IsFinite(value)) return false;
            if (double.IsNaN(_bestMetric)) return true;
            double delta = _options.EarlyStoppingMinDelta;
            bool higherIsBetter = _options.EarlyStoppingMetric != EarlyStoppingMetric.Loss && _validation is not null;
            return higherIsBetter ? value > _bestMetric + delta : value < _bestMetric - delta;
        }

        private void SnapshotBest()
        {
            var parameters = _network.Parameters;
            _bestValues ??= parameters.Select(p => new float[p.Length]).ToArray();
            for (int i = 0; i < parameters.Count; i++) parameters[i].Values.CopyTo(_bestValues[i], 0);
        }

        private void RestoreBest()
        {
            var parameters = _network.Parameters;
            for (int i = 0; i < parameters.Count; i++) _bestValues![i].CopyTo(parameters[i].Values, 0);
        }

        /// <summary>Records the divergence; returns false (the epoch is abandoned and the best weights are returned) when
        /// the options allow it, else throws <see cref="TrainingDivergedException"/>.</summary>
        private bool Diverge(int epoch, int batch, string what, float learningRate, bool allowBest = true)
        {
            // An option whose value alone explains the divergence (a huge L2 or ELU α) is named before the learning rate.
            string? cause = _monitor.OptionCause(learningRate);
            string message = $"Training diverged {(batch > 0 ? $"in epoch {epoch}, mini-batch {batch}" : $"by the end of epoch {epoch}")}: {what}. " +
                (cause is null ? "Likely causes: " : $"{cause}. Otherwise, likely causes: ") +
                $"a learning rate too high for this problem (LearningRate = {learningRate}), unnormalised input " +
                "features, or exploding gradients. Try a learning rate 10× lower, gradient clipping (GradientClipNorm = 1), " +
                (Optimizers.OptimizerFactory.StepsAdaptively(_options.Optimizer) ? "or normalising the features (ML.NET NormalizeMeanVariance)."
                    : "normalising the features (ML.NET NormalizeMeanVariance), or Adam/RMSprop.");
            bool returnBest = allowBest && _options.OnDivergence == DivergenceBehavior.ReturnBestModel && _bestValues is not null;
            _divergence = _monitor.Diverged(epoch, batch, what, learningRate, returnBest);
            if (returnBest) return false;
            _history.Diagnosis = _monitor.Finish(_history, _divergence);
            throw new TrainingDivergedException(message + " Diagnosis:" + Environment.NewLine + _history.Diagnosis, epoch, batch, _history, _history.Diagnosis);
        }
    }
}
