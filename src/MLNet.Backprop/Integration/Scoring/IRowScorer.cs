using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Integration.Scoring;

/// <summary>Computes a model's outputs for one row of input.</summary>
/// <remarks>
/// One instance per cursor, row mapper or thread: implementations may keep scratch buffers, are not thread-safe and
/// must not allocate per call, because <see cref="Score"/> runs once per scored row.
/// </remarks>
internal interface IRowScorer
{
    /// <summary>Scores one row.</summary>
    /// <param name="row">One row of input of the model's <see cref="IScorerFactory.Inputs"/> shape, all values finite.</param>
    /// <param name="scores">Receives the <see cref="IScorerFactory.OutputCount"/> raw outputs: the logits of
    /// classification, the values of regression (in the label's units).</param>
    /// <param name="predictions">Receives the loss's link of <paramref name="scores"/>: probabilities for classification
    /// (sigmoid per output, or softmax), the values themselves for regression.</param>
    void Score(in InputView row, Span<float> scores, Span<float> predictions);
}
