using Microsoft.ML;
using MLNet.Backprop;

namespace MLNet.Backprop.Fingerprints;

/// <summary>One training run to fingerprint: featurized train data, optional validation data passed to Fit, test
/// data to score, and the trainer options (threads and data loading included).</summary>
internal sealed record Configuration(string Name, Func<MLContext, (IDataView Train, IDataView? Validation, IDataView Test)> Data,
    Func<BackpropTrainer.Options> Options);
