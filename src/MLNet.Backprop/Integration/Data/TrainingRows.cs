using MLNet.Backprop.Training;

namespace MLNet.Backprop.Integration.Data;

/// <summary>Every training row given to <c>Fit</c>, read and checked once: held in memory, or counted and re-read
/// from the data view each epoch (streaming), or held by a micro-batch backend. Each network of a model draws its own hold-out and batches from them.</summary>
/// <param name="InMemory">The rows, or null when streaming.</param>
/// <param name="Summary">The counting pass over all of them.</param>
/// <param name="Open">Opens a cursor over the data view (streaming), or null.</param>
/// <param name="Described">The shape of rows a micro-batch backend holds (it reads them itself), or null.</param>
internal sealed record TrainingRows(TrainingData? InMemory, DataSummary Summary, Func<LabeledRowCursor>? Open, IBatchSource? Described);
