using Microsoft.ML;
using Microsoft.ML.Data;
using BenchmarkDotNet.Attributes;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// Scoring the churn models: <see cref="PredictionEngine{TSrc, TDst}"/> latency per row (whole pipeline from the raw
/// columns, and the model alone from the feature vector) for the MLP and LightGbm, and batch <c>Transform</c>
/// throughput through a cursor for the MLP alone. Mean times are per row; Rows/s = 1 / mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RowsPerSecondConfig))]
public class ScoringBenchmarks
{
    /// <summary>Rows of the in-memory feature data scored by <see cref="TransformMlp"/>.</summary>
    public const int TransformRows = 100_000;

    private ChurnScoring _s = null!;
    private int _next;

    /// <summary>Fits the models and builds the engines; scores every test row once as the warm-up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _s = new ChurnScoring();
        for (int i = 0; i < _s.RawRows.Length; i++)
        {
            PipelineMlp();
            PipelineLightGbm();
            ModelMlp();
            ModelLightGbm();
        }
    }

    /// <summary>Raw row → whole pipeline (featurizer + MLP).</summary>
    [Benchmark]
    public float PipelineMlp() => _s.MlpPipelineEngine.Predict(_s.RawRows[Next()]).Probability;

    /// <summary>Raw row → whole pipeline (featurizer + LightGbm).</summary>
    [Benchmark]
    public float PipelineLightGbm() => _s.LightGbmPipelineEngine.Predict(_s.RawRows[Next()]).Probability;

    /// <summary>Feature vector → the MLP alone.</summary>
    [Benchmark]
    public float ModelMlp() => _s.MlpEngine.Predict(_s.FeatureRows[Next()]).Probability;

    /// <summary>Feature vector → LightGbm alone.</summary>
    [Benchmark]
    public float ModelLightGbm() => _s.LightGbmEngine.Predict(_s.FeatureRows[Next()]).Probability;

    /// <summary>Batch scoring: <see cref="TransformRows"/> rows of features through the MLP's Transform and a cursor.</summary>
    [Benchmark(OperationsPerInvoke = TransformRows)]
    public double TransformMlp() => _s.ScoreAll();

    private int Next()
    {
        int i = _next;
        _next = i + 1 == _s.RawRows.Length ? 0 : i + 1;
        return i;
    }
}

/// <summary>A raw Telco row as the text loader reads it.</summary>
public sealed class ChurnRow
{
    /// <summary>Churned.</summary>
    public bool Label { get; set; }
#pragma warning disable CS1591 // the Telco columns, named as in the CSV header
    public string gender { get; set; } = "";
    public string Partner { get; set; } = "";
    public string Dependents { get; set; } = "";
    public string PhoneService { get; set; } = "";
    public string MultipleLines { get; set; } = "";
    public string InternetService { get; set; } = "";
    public string OnlineSecurity { get; set; } = "";
    public string OnlineBackup { get; set; } = "";
    public string DeviceProtection { get; set; } = "";
    public string TechSupport { get; set; } = "";
    public string StreamingTV { get; set; } = "";
    public string StreamingMovies { get; set; } = "";
    public string Contract { get; set; } = "";
    public string PaperlessBilling { get; set; } = "";
    public string PaymentMethod { get; set; } = "";
    public float SeniorCitizen { get; set; }
    public float tenure { get; set; }
    public float MonthlyCharges { get; set; }
    public float TotalCharges { get; set; }
#pragma warning restore CS1591
}

/// <summary>A featurised row: the normalised feature vector.</summary>
public sealed class FeatureRow
{
    /// <summary>The features.</summary>
    public float[] Features { get; set; } = [];
}

/// <summary>What the engines return.</summary>
public sealed class ChurnPrediction
{
    /// <summary>P(churn).</summary>
    public float Probability { get; set; }
}

/// <summary>The fitted churn models, engines and data of <see cref="ScoringBenchmarks"/> (also used by the Stopwatch mode).</summary>
public sealed class ChurnScoring
{
    /// <summary>Fits featurizer, MLP and LightGbm on the training split; prepares test rows and engines.</summary>
    public ChurnScoring()
    {
        Ml = new MLContext(seed: 0);
        var (train, test) = ChurnData.Load(Ml);
        var featurizer = ChurnData.Featurizer(Ml).Fit(train);
        var featurizedTrain = Ml.Data.Cache(featurizer.Transform(train));
        Mlp = ChurnData.Trainer(Ml, "Backprop").Fit(featurizedTrain);
        LightGbm = ChurnData.Trainer(Ml, "LightGbm").Fit(featurizedTrain);
        var mlpPipeline = featurizer.Append(Mlp);
        var lightGbmPipeline = featurizer.Append(LightGbm);

        RawRows = Ml.Data.CreateEnumerable<ChurnRow>(test, reuseRowObject: false).ToArray();
        FeatureRows = Ml.Data.CreateEnumerable<FeatureRow>(featurizer.Transform(test), reuseRowObject: false).ToArray();
        int features = FeatureRows[0].Features.Length;
        var definition = SchemaDefinition.Create(typeof(FeatureRow));
        definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);

        MlpPipelineEngine = Ml.Model.CreatePredictionEngine<ChurnRow, ChurnPrediction>(mlpPipeline, ignoreMissingColumns: true);
        LightGbmPipelineEngine = Ml.Model.CreatePredictionEngine<ChurnRow, ChurnPrediction>(lightGbmPipeline, ignoreMissingColumns: true);
        MlpEngine = Ml.Model.CreatePredictionEngine<FeatureRow, ChurnPrediction>(Mlp, ignoreMissingColumns: true, inputSchemaDefinition: definition);
        LightGbmEngine = Ml.Model.CreatePredictionEngine<FeatureRow, ChurnPrediction>(LightGbm, ignoreMissingColumns: true, inputSchemaDefinition: definition);

        var many = Enumerable.Range(0, ScoringBenchmarks.TransformRows).Select(i => FeatureRows[i % FeatureRows.Length]).ToArray();
        ManyFeatures = Ml.Data.LoadFromEnumerable(many, definition);
        ScoredMany = Mlp.Transform(ManyFeatures);
    }

    /// <summary>The context.</summary>
    public MLContext Ml { get; }

    /// <summary>The MLP alone (input: Features).</summary>
    public ITransformer Mlp { get; }

    /// <summary>LightGbm alone (input: Features).</summary>
    public ITransformer LightGbm { get; }

    /// <summary>The test split's raw rows.</summary>
    public ChurnRow[] RawRows { get; }

    /// <summary>The test split's feature vectors.</summary>
    public FeatureRow[] FeatureRows { get; }

    /// <summary>Featurizer + MLP.</summary>
    public PredictionEngine<ChurnRow, ChurnPrediction> MlpPipelineEngine { get; }

    /// <summary>Featurizer + LightGbm.</summary>
    public PredictionEngine<ChurnRow, ChurnPrediction> LightGbmPipelineEngine { get; }

    /// <summary>The MLP alone.</summary>
    public PredictionEngine<FeatureRow, ChurnPrediction> MlpEngine { get; }

    /// <summary>LightGbm alone.</summary>
    public PredictionEngine<FeatureRow, ChurnPrediction> LightGbmEngine { get; }

    /// <summary><see cref="ScoringBenchmarks.TransformRows"/> feature rows in memory.</summary>
    public IDataView ManyFeatures { get; }

    /// <summary>The MLP's lazy scoring view over <see cref="ManyFeatures"/>.</summary>
    public IDataView ScoredMany { get; }

    /// <summary>Reads the probability of every row of <see cref="ScoredMany"/> through one cursor; returns their sum.</summary>
    public double ScoreAll()
    {
        var column = ScoredMany.Schema["Probability"];
        using var cursor = ScoredMany.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        double sum = 0;
        float p = 0;
        while (cursor.MoveNext())
        {
            getter(ref p);
            sum += p;
        }
        return sum;
    }
}
