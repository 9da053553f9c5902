using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Training;

// The optimizer step and the end of an epoch, shared by both loops: the default loop (gradients from this process's
// backward pass) and the micro-batch mode (gradients reduced from micro-batch sums, here or on a cluster) differ only in
// where a step's gradients come from.
internal static partial class MlpTrainer
{
    /// <summary>The running totals of an epoch (kept in checkpoints).</summary>
    internal struct EpochTotals
    {
        public double LossSum, WeightSum, NormSum, NormMax;
        public int Batches, Clipped;
    }

    private sealed partial class Run
    {
        private readonly List<double> _firstNorms = [];
        private EpochTotals _totals;

        /// <summary>With the step's gradients in place and their norm recorded: the monitor, clipping and the optimizer
        /// step (with the epoch's last step's statistics around it), then the epoch's totals. False when training
        /// diverged and the best model is to be returned.</summary>
        private bool Step(double norm, double batchLoss, double batchWeight, int epoch, float learningRate, bool last)
        {
            if (!double.IsFinite(norm)) return Diverge(epoch, _totals.Batches, $"the gradient norm became {norm}", learningRate);
            _monitor.BatchCompleted(norm);
            if (_firstNorms.Count <= 10) _firstNorms.Add(norm); // what the monitor keeps, for a resumed run
            _totals.NormSum += norm;
            _totals.NormMax = Math.Max(_totals.NormMax, norm);
            var parameters = _network.Parameters;
            bool clipped = false;
            if (_options.GradientClipNorm is float maxNorm && norm > maxNorm)
            {
                GradientClipping.ScaleToNorm(parameters, norm, maxNorm);
                clipped = true;
            }
            if (_options.GradientClipValue is float clipValue && GradientClipping.ClipByValue(parameters, clipValue) > 0) clipped = true;
            if (clipped) _totals.Clipped++;
            // The epoch's last step is measured on every row: caught up before and after it.
            if (last)
            {
                _optimizer.CatchUpAll();
                _recorder.BeforeStep();
            }
            _optimizer.Step(learningRate);
            PhaseClock.Mark(TrainingPhase.Optimizer);
            if (last)
            {
                _optimizer.CatchUpAll();
                _recorder.AfterStep();
            }
            _totals.LossSum += batchLoss * batchWeight;
            _totals.WeightSum += batchWeight;
            return true;
        }

        /// <summary>The epoch's report from its totals and the layers' statistics; null when the weights became
        /// non-finite and the best model is to be returned.</summary>
        private EpochReport? EndEpoch(int epoch, float learningRate)
        {
            if (!(_totals.WeightSum > 0))
                throw new InvalidOperationException($"No row of epoch {epoch} ({_totals.Batches} mini-batches) has a positive example weight, so there " +
                    "is no loss to learn from: at least one weight must be positive.");
            var layers = _recorder.EndEpoch();
            if (layers.Any(l => l.NonFiniteCount > 0 || !double.IsFinite(l.WeightNorm))
                && !Diverge(epoch, _totals.Batches, "the weights became non-finite", learningRate))
                return null;
            // Each batch's loss was finite, but their weighted sum can still overflow: never an epoch reported with a NaN loss.
            double loss = _totals.LossSum / _totals.WeightSum;
            if (!double.IsFinite(loss) && !Diverge(epoch, 0, $"the epoch's training loss became {loss} (its weighted sum overflowed)", learningRate))
                return null;
            return new EpochReport
            {
                Epoch = epoch,
                TrainingLoss = loss,
                LearningRate = learningRate,
                GradientNormMean = _totals.NormSum / _totals.Batches,
                GradientNormMax = _totals.NormMax,
                ClippedBatches = _totals.Clipped,
                Batches = _totals.Batches,
                Layers = layers,
                Embeddings = _recorder.EndTables(),
            };
        }
    }
}
