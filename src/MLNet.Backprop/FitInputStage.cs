namespace MLNet.Backprop;

/// <summary>
/// The input stage one <c>Fit</c> trains with (<see cref="FitPlan.InputStageOf"/>): whether the first layer reads the
/// features sparse, and the encoding, scaling and learned scales with the automatic values resolved. Everything after
/// the counting pass reads this, never the options' raw <see cref="NumericEncoding.Auto"/> or <see cref="NumericScaling.Auto"/>.
/// </summary>
/// <param name="Sparse">Whether the first layer reads the features as a sparse block.</param>
/// <param name="Encoding">The encoding (never Auto).</param>
/// <param name="Scaling">The scaling (never Auto).</param>
/// <param name="LearnsScales">Whether a learned scale per value feeds the first layer.</param>
internal readonly record struct FitInputStage(bool Sparse, NumericEncoding Encoding, NumericScaling Scaling, bool LearnsScales);
