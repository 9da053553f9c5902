using Microsoft.ML;
using Microsoft.ML.Data;
using BenchmarkDotNet.Attributes;

namespace MLNet.Backprop.Benchmarks;

/// <summary>
/// Scoring the churn models, one case per trainer of <see cref="ChurnData.Trainers"/>: <see cref="PredictionEngine{TSrc, TDst}"/>
/// latency per row (whole pipeline from the raw columns, and the model alone from the feature vector), and batch
/// <c>Transform</c> throughput through a cursor for the model alone. Mean times are per row; Rows/s = 1 / mean.
/// </summary>
/// <remarks>"Backprop" is the README's one [64, 32] ReLU network; "Backprop (current defaults)" the library's defaults
/// (an ensemble of 4 networks behind the encoded input stage, calibrated), which is what users serve.</remarks>
[MemoryDiagnoser]
[Config(typeof(RowsPerSecondConfig))]
public class ScoringBenchmarks
{
    /// <summary>Rows of the in-memory feature data scored by <see cref="Transform"/>.</summary>
    public const int TransformRows = 100_000;

    private ChurnScoring _s = null!;
    private ChurnScoring.Scored _m = null!;
    private int _next;

    /// <summary>The trainer whose model is scored (one of <see cref="ChurnData.Trainers"/>).</summary>
    [ParamsSource(nameof(TrainerNames))]
    public string Trainer { get; set; } = ChurnData.Trainers[0];

    /// <summary>The cases: every trainer, and the default MLP as a served model reads it (<see cref="ChurnScoring.Served"/>).</summary>
    public static IEnumerable<string> TrainerNames => [.. ChurnData.Trainers, ChurnScoring.Served];

    /// <summary>Fits the featurizer and the case's model and builds its engines; scores every test row once as the warm-up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _s = new ChurnScoring(Trainer);
        _m = _s.Models[0];
        for (int i = 0; i < _s.RawRows.Length; i++)
        {
            Pipeline();
            Model();
        }
    }

    /// <summary>Raw row → whole pipeline (featurizer + model).</summary>
    [Benchmark]
    public float Pipeline() => _m.PipelineEngine.Predict(_s.RawRows[Next()]).Probability;

    /// <summary>Feature vector → the model alone.</summary>
    [Benchmark]
    public float Model() => _m.ModelEngine.Predict(_s.FeatureRows[Next()]).Probability;

    /// <summary>Batch scoring: <see cref="TransformRows"/> rows of features through the model's Transform and a cursor.</summary>
    [Benchmark(OperationsPerInvoke = TransformRows)]
    public double Transform() => _m.ScoreAll();

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

/// <summary>The fitted churn models, engines and data of <see cref="ScoringBenchmarks"/> (also used by the Stopwatch modes).</summary>
public sealed class ChurnScoring
{
    /// <summary>Fits the featurizer and each of <paramref name="trainers"/> (names of <see cref="ChurnData.Trainers"/>) on
    /// the training split; prepares the test rows and each model's engines and lazy scoring view.</summary>
    public ChurnScoring(params string[] trainers)
    {
        Ml = new MLContext(seed: 0);
        var (train, test) = ChurnData.Load(Ml);
        Test = test;
        Featurizer = ChurnData.Featurizer(Ml).Fit(train);
        var featurizedTrain = Ml.Data.Cache(Featurizer.Transform(train));

        RawRows = Ml.Data.CreateEnumerable<ChurnRow>(test, reuseRowObject: false).ToArray();
        FeatureRows = Ml.Data.CreateEnumerable<FeatureRow>(Featurizer.Transform(test), reuseRowObject: false).ToArray();
        int features = FeatureRows[0].Features.Length;
        Definition = SchemaDefinition.Create(typeof(FeatureRow));
        Definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        var many = Enumerable.Range(0, ScoringBenchmarks.TransformRows).Select(i => FeatureRows[i % FeatureRows.Length]).ToArray();
        ManyFeatures = Ml.Data.LoadFromEnumerable(many, Definition);
        Models = trainers.Select(t => t == Served ? SavedAndLoaded(featurizedTrain) : new Scored(this, t, ChurnData.Trainer(Ml, t).Fit(featurizedTrain))).ToArray();
    }

    /// <summary>The library's default MLP saved with ML.NET's own <c>ml.Model.Save</c> and read back with <c>ml.Model.Load</c>, as
    /// samples/ChurnService serves it: ML.NET's <c>OnnxTransformer</c> runs the network in ONNX Runtime.</summary>
    public const string Served = "Backprop (current defaults), ml.Model.Save/Load (ONNX Runtime)";

    private Scored SavedAndLoaded(IDataView featurizedTrain)
    {
        var model = ChurnData.Trainer(Ml, ChurnData.Trainers[1]).Fit(featurizedTrain);
        ITransformer Reload(ITransformer transformer, DataViewSchema schema)
        {
            string path = Path.Combine(Path.GetTempPath(), $"churn-scoring-{Guid.NewGuid():N}.zip");
            Ml.Model.Save(transformer, schema, path);
            var loaded = Ml.Model.Load(path, out _);
            File.Delete(path);
            return loaded;
        }
        var (train, _) = ChurnData.Load(Ml);
        return new Scored(this, Served, Reload(model, ManyFeatures.Schema), Reload(Featurizer.Append(model), train.Schema));
    }

    /// <summary>One fitted model with its engines.</summary>
    public sealed class Scored
    {
        internal Scored(ChurnScoring s, string name, ITransformer model, ITransformer? pipeline = null)
        {
            Name = name;
            Model = model;
            PipelineEngine = s.Ml.Model.CreatePredictionEngine<ChurnRow, ChurnPrediction>(pipeline ?? s.Featurizer.Append(model), ignoreMissingColumns: true);
            ModelEngine = s.Ml.Model.CreatePredictionEngine<FeatureRow, ChurnPrediction>(model, ignoreMissingColumns: true, inputSchemaDefinition: s.Definition);
            ScoredMany = model.Transform(s.ManyFeatures);
        }

        /// <summary>The trainer's name.</summary>
        public string Name { get; }

        /// <summary>The model alone (input: Features).</summary>
        public ITransformer Model { get; }

        /// <summary>Featurizer + model.</summary>
        public PredictionEngine<ChurnRow, ChurnPrediction> PipelineEngine { get; }

        /// <summary>The model alone.</summary>
        public PredictionEngine<FeatureRow, ChurnPrediction> ModelEngine { get; }

        /// <summary>The model's lazy scoring view over <see cref="ManyFeatures"/>.</summary>
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

    /// <summary>The context.</summary>
    public MLContext Ml { get; }

    /// <summary>The test split, as read.</summary>
    public IDataView Test { get; }

    /// <summary>The fitted featurizer.</summary>
    public ITransformer Featurizer { get; }

    /// <summary>The feature rows' schema (the vector's length fixed).</summary>
    public SchemaDefinition Definition { get; }

    /// <summary>The fitted models, in the order asked for.</summary>
    public Scored[] Models { get; }

    /// <summary>The test split's raw rows.</summary>
    public ChurnRow[] RawRows { get; }

    /// <summary>The test split's feature vectors.</summary>
    public FeatureRow[] FeatureRows { get; }

    /// <summary><see cref="ScoringBenchmarks.TransformRows"/> feature rows in memory.</summary>
    public IDataView ManyFeatures { get; }
}
