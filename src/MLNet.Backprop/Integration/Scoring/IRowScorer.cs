namespace MLNet.Backprop.Integration.Scoring;

/// <summary>Computes the raw model outputs for one feature vector.</summary>
/// <remarks>
/// One instance per cursor, row mapper or thread: implementations may keep scratch buffers, are not thread-safe and
/// must not allocate per call, because <see cref="Score"/> runs once per scored row.
/// </remarks>
internal interface IRowScorer
{
    /// <summary>Scores one row.</summary>
    /// <param name="features">Dense feature values; length <see cref="IScorerFactory.FeatureCount"/>, all finite.</param>
    /// <param name="outputs">Receives <see cref="IScorerFactory.OutputCount"/> values (see that property for their meaning).</param>
    void Score(ReadOnlySpan<float> features, Span<float> outputs);
}
