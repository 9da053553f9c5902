namespace MLNet.Backprop;

/// <summary>How the optimizer treats the rows of a sparse first layer (<see cref="BackpropTrainer.Options.SparseInput"/>) and
/// of the embedding tables (<see cref="BackpropTrainer.Options.CategoricalColumnNames"/>) that a mini-batch does not touch
/// (<see cref="BackpropTrainer.Options.SparseUpdates"/>). Their gradient is zero; what differs is whether they still move
/// with their optimizer state and decay, as they would with a dense input.</summary>
/// <remarks>The codes are stored nowhere; still, append new values, never renumber.</remarks>
public enum SparseUpdates
{
    /// <summary>Only the touched rows are updated, with their optimizer state, L2 term and weight decay (the global step
    /// number in Adam's bias corrections); the others and their state stay as they are, as PyTorch's <c>SparseAdam</c> and
    /// TensorFlow's <c>LazyAdam</c> do. Work per step ∝ touched rows. The automatic choice except for text-like rows, for
    /// a first layer whose optimizer state would be too large and for id-like embedding tables small enough for every-row steps
    /// (about no slower than lazy ones on the rule's widths), which get them with a prior (<see cref="BackpropTrainer.Options.SparseUpdates"/>).</summary>
    Lazy = 0,

    /// <summary>Dense semantics at lazy cost: a row a mini-batch does not touch is not visited, but the steps it skipped are
    /// applied in closed form (its moments decayed, its momentum's moves and its weight decay summed, honouring the
    /// learning-rate schedule) as soon as a mini-batch is about to read it and before anything reads the whole matrix
    /// (the epoch's statistics, validation, the best weights, the end of training). The result is that of
    /// <see cref="EveryRow"/> up to float rounding (Adam's ε enters to first order where √v ≥ 10ε, term by term below).
    /// Needs a rule whose step on a zero gradient has a closed form that fades within 16,384 steps (SGD, Adagrad, RMSprop,
    /// momentum and Nesterov up to μ ≈ 0.998, Adam and AdamW with β1 &lt; β2) and no L2 term
    /// (<see cref="BackpropTrainer.Options.L2Regularization"/> = 0; L2 makes an untouched row's gradient non-zero):
    /// otherwise the steps are those of <see cref="EveryRow"/>.</summary>
    CatchUp = 1,

    /// <summary>Every row every step, as for a dense input: an untouched row keeps moving with its momentum, decays and is
    /// penalised by L2 (which then acts as a prior on every id, not on every occurrence). Work per step ∝ rows × width.</summary>
    EveryRow = 2,

    /// <summary>Row-wise Adagrad on the sparse rows (as FBGEMM's and TorchRec's embedding trainers): one accumulator per
    /// row instead of the optimizer's state per value, so their state takes rows × 4 bytes where Adam's two moments take
    /// rows × units × 8 (512 MB for 2²⁰ slots × 64 units). A touched row r of n values takes
    /// G_r ← G_r + (Σ_j g_rj²)/n, w_rj ← w_rj − η·g_rj/(√G_r + ε) (G from 0; η the step's learning rate,
    /// ε <see cref="BackpropTrainer.Options.Epsilon"/>), after its weight decay, if any; an untouched row's gradient is
    /// zero and leaves it and G as they are, so this is also the dense semantics of the rule. The other parameters keep
    /// <see cref="BackpropTrainer.Options.Optimizer"/>. The automatic choice when the optimizer's per-value state of the
    /// sparse rows (Adam's two moments, one buffer for the other rules but plain SGD, none for it) would exceed
    /// <see cref="BackpropTrainer.Options.SparseUpdates"/>'s stated size.</summary>
    RowWise = 3,
}
