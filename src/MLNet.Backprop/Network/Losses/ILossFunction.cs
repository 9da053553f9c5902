namespace MLNet.Backprop.Network.Losses;

/// <summary>A loss on logits: the weighted mean over a batch, its gradient, and the link to predictions.</summary>
/// <remarks>
/// Batch layout: <c>logits</c> is batch × outputs (row-major), <c>targets</c> is batch × <see cref="TargetWidth"/>,
/// <c>weights</c> is empty (all 1) or one per row. The batch loss is L = Σᵢ wᵢ·lᵢ / Σᵢ wᵢ, so the gradient row i is
/// wᵢ/Σw · ∂lᵢ/∂logitsᵢ. <see cref="RowLoss"/> is the formula in double precision (what the gradient check
/// differentiates numerically); <c>Evaluate</c> is what training runs, in the same expressions.
/// </remarks>
internal interface ILossFunction
{
    /// <summary>Which loss this is, with its parameter.</summary>
    LossSpec Spec { get; }

    /// <summary>Which loss this is.</summary>
    LossFunction Kind => Spec.Kind;

    /// <summary>Whether the loss can train a model for <paramref name="task"/>.</summary>
    bool Fits(BackpropTask task);

    /// <summary>Whether early stopping can watch <paramref name="metric"/> on a model with <paramref name="outputs"/>
    /// outputs trained with this loss (the loss itself always).</summary>
    bool Supports(EarlyStoppingMetric metric, int outputs);

    /// <summary>Why <paramref name="target"/> (one row's target values) is not a target of this loss for
    /// <paramref name="outputs"/> outputs, or null.</summary>
    string? TargetProblem(ReadOnlySpan<float> target, int outputs);

    /// <summary>The loss of the best constant prediction on targets spread as <paramref name="targets"/> (the bar a
    /// network must beat to have learned anything), or null where there is no closed form.</summary>
    double? BestConstantLoss(TargetDistribution targets);

    /// <summary>Values per target row for a network with <paramref name="outputs"/> outputs.</summary>
    int TargetWidth(int outputs);

    /// <summary>lᵢ for one example, in double precision.</summary>
    double RowLoss(ReadOnlySpan<double> logits, ReadOnlySpan<float> target, int row);

    /// <summary>Returns the weighted mean loss of the batch; writes dL/dlogits into <paramref name="gradient"/> unless it is empty.</summary>
    double Evaluate(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights, Span<float> gradient, int batch, int outputs);

    /// <summary>As <see cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int)"/>
    /// with the divisor Σw given instead of summed from the batch: with 1, the weighted loss sum and the unscaled gradient
    /// rows wᵢ·∂lᵢ/∂logitsᵢ (the micro-batch mode scales the whole step once).</summary>
    double Evaluate(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights, Span<float> gradient, int batch, int outputs,
        double totalWeight);

    /// <summary>Maps logits to predictions (probabilities for classification, values for regression).</summary>
    void Link(ReadOnlySpan<float> logits, Span<float> predictions, int batch, int outputs);
}
