using System.Diagnostics;
using Microsoft.ML;
using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.TorchComparison;

/// <summary>
/// This library as a user gets it: <c>new BackpropTrainer(ml, options).Fit(view)</c> on the cached view, with the
/// default options apart from the network, batch, epochs, Adam settings, threads and seed (so per-layer statistics
/// recording and the diagnosis are on). Timed: the trainer's construction and the whole <c>Fit</c>, i.e. reading the
/// rows from the view into memory, checking them, the feature-scale report, weight initialisation, shuffling and
/// gathering every epoch, forward, loss, backward, statistics and gradient norm, Adam, the per-epoch report and the
/// final diagnosis and model object.
/// </summary>
internal sealed class OursFitCase(MLContext ml, IDataView data, ComparisonShape shape) : ITrainingCase
{
    public string Name => "ours (Fit)";

    public CaseKind Kind => CaseKind.Ours;

    public CaseResult Run(int threads)
    {
        var options = Options(threads);
        long start = Stopwatch.GetTimestamp();
        var model = new BackpropTrainer(ml, options).Fit(data);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var history = model.Model.History;
        return new CaseResult(elapsed, history.Elapsed, history.Epochs[^1].TrainingLoss);
    }

    /// <summary>One more <c>Fit</c>, untimed for the throughput tables, with the library's phase clock on: where its time goes.</summary>
    public PhaseBudget Profile(int threads)
    {
        var options = Options(threads);
        var clock = PhaseClock.Start();
        try
        {
            new BackpropTrainer(ml, options).Fit(data);
        }
        finally
        {
            clock.Stop();
        }
        return PhaseBudget.From(clock);
    }

    private BackpropTrainer.Options Options(int threads) => new()
    {
        HiddenLayers = shape.Hidden.ToArray(),
        Activation = Activation.ReLU,
        BatchSize = shape.Batch,
        NumberOfEpochs = shape.Epochs,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 1e-3f,
        Beta1 = 0.9f,
        Beta2 = 0.999f,
        Epsilon = 1e-8f,
        WeightDecay = 0f,
        NumberOfThreads = threads,
        Seed = 0,
        // The same single network as the TorchSharp side, on the same inputs and targets.
        EnsembleSize = 1,
        StandardizeFeatures = false,
        StandardizeLabel = false,
        NumericEncoding = NumericEncoding.None, // the plain input stage: the features straight into the first layer, as TorchSharp's
    };

    public void Dispose()
    {
    }
}
