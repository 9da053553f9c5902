using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ChurnService;

/// <summary>
/// One loaded version of the model: the ML.NET pipeline read with plain <c>ml.Model.Load</c>, a pool of prediction
/// engines over it, the decision threshold and the categories each text field was trained with.
/// </summary>
/// <remarks>A <see cref="PredictionEngine{TSrc,TDst}"/> is not thread-safe (it reuses its buffers), so each request
/// rents one from the pool and returns it; the pool keeps at most 64 idle engines (<c>MaxIdleEngines</c>) and creates
/// more under load. The model itself is shared and read-only.</remarks>
public sealed class LoadedModel : IDisposable
{
    // Engines beyond this many idle ones are dropped, not disposed: with DefaultObjectPoolProvider's pool, which disposes
    // the engines it drops, 8 concurrent request loops crashed the process natively (3 runs of 3; the OnnxTransformer
    // inside is the native part; not investigated further), and never with this pool.
    private const int MaxIdleEngines = 64;
    private readonly ITransformer _model;

    private LoadedModel(string path, ITransformer model, DataViewSchema inputSchema, float threshold,
        IReadOnlyDictionary<string, (double Mean, double Deviation)> numbers, MLContext ml)
    {
        Path = path;
        _model = model;
        Threshold = threshold;
        Numbers = numbers;
        LoadedAt = DateTimeOffset.UtcNow;
        Engines = new DefaultObjectPool<PredictionEngine<Customer, ChurnScore>>(new EnginePolicy(ml, model), MaxIdleEngines);
        Categories = KnownCategories(model.GetOutputSchema(inputSchema));
    }

    public string Path { get; }

    public float Threshold { get; }

    /// <summary>Mean and standard deviation of each numeric field over the training customers (empty when the settings
    /// file does not hold them): values far outside get a note.</summary>
    public IReadOnlyDictionary<string, (double Mean, double Deviation)> Numbers { get; }

    public DateTimeOffset LoadedAt { get; }

    public ObjectPool<PredictionEngine<Customer, ChurnScore>> Engines { get; }

    /// <summary>Per text field, the values the one-hot encoder knows (its output's slot names); any other value is
    /// encoded as none of them.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Categories { get; }

    /// <summary>Loads the model at <paramref name="path"/> and the threshold from the JSON file beside it (the churn
    /// sample's <c>churn-model.mlnet.json</c>), unless <paramref name="threshold"/> is given.</summary>
    public static LoadedModel Load(string path, float? threshold)
    {
        var ml = new MLContext(seed: 0);
        ITransformer model;
        DataViewSchema inputSchema;
        try
        {
            model = ml.Model.Load(path, out inputSchema);
        }
        catch (Exception e)
        {
            // ML.NET's own errors (e.g. FormatException "Failed to open a zip archive") do not say which file.
            throw new InvalidDataException($"The model file '{path}' cannot be loaded by ml.Model.Load (truncated, damaged, or not a saved ML.NET model): {e.Message}", e);
        }
        CheckProbability(path, model.GetOutputSchema(inputSchema));
        var (saved, numbers) = ModelSettings.Read(SettingsPath(path));
        var loaded = new LoadedModel(path, model, inputSchema, threshold ?? saved, numbers, ml);
        // Fail now, not on the first request: one prediction through a fresh engine.
        try
        {
            var engine = loaded.Engines.Get();
            try { engine.Predict(Sample()); }
            finally { loaded.Engines.Return(engine); }
        }
        catch (Exception e)
        {
            loaded.Dispose();
            throw new InvalidDataException($"The model file '{path}' cannot score a customer of this service: {e.Message}", e);
        }
        return loaded;
    }

    /// <summary>A prediction engine leaves an output property the model does not produce at its default: a model without a
    /// float 'Probability' (a regression or multiclass model, a featurizer alone) loaded and answered 0 for every customer.</summary>
    private static void CheckProbability(string path, DataViewSchema output)
    {
        if (output.GetColumnOrNull(nameof(ChurnScore.Probability)) is { IsHidden: false, Type: var type } && type == NumberDataViewType.Single) return;
        var columns = output.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})").ToArray();
        throw new InvalidDataException($"The model file '{path}' gives no churn probability: its output has no column " +
            $"'{nameof(ChurnScore.Probability)}' of type Single (it has {string.Join(", ", columns.Take(12))}{(columns.Length > 12 ? ", …" : "")}). " +
            "Serve a binary classifier saved the churn sample's way (ServingExport).");
    }

    /// <summary>"churn-model.mlnet.zip" → "churn-model.mlnet.json".</summary>
    public static string SettingsPath(string modelPath) => System.IO.Path.ChangeExtension(modelPath, ".json");

    public void Dispose() => (_model as IDisposable)?.Dispose();

    private static Dictionary<string, HashSet<string>> KnownCategories(DataViewSchema output)
    {
        var categories = new Dictionary<string, HashSet<string>>();
        foreach (string field in Customer.TextFields)
        {
            var column = output.GetColumnOrNull(field);
            if (column?.Type is not VectorDataViewType || column.Value.Annotations.Schema.GetColumnOrNull("SlotNames") is null) continue;
            VBuffer<ReadOnlyMemory<char>> names = default;
            column.Value.GetSlotNames(ref names);
            categories[field] = [.. names.DenseValues().Select(n => n.ToString())];
        }
        return categories;
    }

    private static Customer Sample() => new()
    {
        gender = "Female", Partner = "Yes", Dependents = "No", PhoneService = "Yes", MultipleLines = "No", InternetService = "DSL",
        OnlineSecurity = "No", OnlineBackup = "No", DeviceProtection = "No", TechSupport = "No", StreamingTV = "No", StreamingMovies = "No",
        Contract = "Month-to-month", PaperlessBilling = "Yes", PaymentMethod = "Electronic check", tenure = 1, MonthlyCharges = 30, TotalCharges = 30,
    };

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : IPooledObjectPolicy<PredictionEngine<Customer, ChurnScore>>
    {
        public PredictionEngine<Customer, ChurnScore> Create() => ml.Model.CreatePredictionEngine<Customer, ChurnScore>(model);

        public bool Return(PredictionEngine<Customer, ChurnScore> engine) => true;
    }
}
