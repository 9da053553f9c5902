using Microsoft.ML;

namespace MLNet.Backprop.Quality.CrossValidation;

/// <summary>One train/test pair: a cross-validation fold or the fixed split.</summary>
/// <param name="Label">"1".."k", or "test".</param>
/// <param name="Train">The training rows (the featurizer is fitted on these only).</param>
/// <param name="Test">The held-out rows.</param>
/// <param name="WarmupSample">A few hundred training rows spread over the file, for an untimed warm-up fit.</param>
public sealed record DataSplit(string Label, IDataView Train, IDataView Test, IDataView WarmupSample);
