using Microsoft.ML;
using BenchmarkDotNet.Attributes;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// The churn case end to end: <c>pipeline.Fit</c> (featurizer + trainer) on the Telco training split and scoring of the
/// test split (Transform + Evaluate), for the MLP (50 epochs) beside ML.NET's L-BFGS logistic regression, FastTree and
/// LightGbm with their defaults.
/// </summary>
[MemoryDiagnoser]
public class ChurnBenchmarks
{
    private MLContext _ml = null!;
    private IDataView _train = null!, _test = null!;
    private ITransformer _model = null!;

    /// <summary>Which trainer ends the pipeline.</summary>
    [ParamsSource(nameof(TrainerNames))]
    public string Trainer { get; set; } = "Backprop";

    /// <summary>The compared trainers.</summary>
    public static IEnumerable<string> TrainerNames => ChurnData.Trainers;

    /// <summary>Loads the split and fits one model for the scoring benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ml = new MLContext(seed: 0);
        (_train, _test) = ChurnData.Load(_ml);
        _model = Fit();
    }

    /// <summary>Fits the whole pipeline.</summary>
    [Benchmark]
    public ITransformer Fit() => ChurnData.Pipeline(_ml, Trainer).Fit(_train);

    /// <summary>Scores and evaluates the test split; returns the AUC.</summary>
    [Benchmark]
    public double ScoreTest() => _ml.BinaryClassification.Evaluate(_model.Transform(_test)).AreaUnderRocCurve;
}
