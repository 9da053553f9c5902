using System.Text.Json;
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
        var model = ml.Model.Load(path, out var inputSchema);
        var (saved, numbers) = ReadSettings(SettingsPath(path));
        var loaded = new LoadedModel(path, model, inputSchema, threshold ?? saved, numbers, ml);
        // Fail now, not on the first request: one prediction through a fresh engine.
        var engine = loaded.Engines.Get();
        try { engine.Predict(Sample()); }
        finally { loaded.Engines.Return(engine); }
        return loaded;
    }

    /// <summary>"churn-model.mlnet.zip" → "churn-model.mlnet.json".</summary>
    public static string SettingsPath(string modelPath) => System.IO.Path.ChangeExtension(modelPath, ".json");

    public void Dispose() => (_model as IDisposable)?.Dispose();

    private static (float Threshold, Dictionary<string, (double, double)> Numbers) ReadSettings(string settings)
    {
        var numbers = new Dictionary<string, (double, double)>();
        if (!File.Exists(settings)) return (0.5f, numbers);
        using var json = JsonDocument.Parse(File.ReadAllText(settings));
        float t = json.RootElement.GetProperty("threshold").GetSingle();
        if (t is not (> 0f and < 1f)) throw new InvalidDataException($"'{settings}' holds threshold {t}; expected a probability in (0, 1).");
        if (json.RootElement.TryGetProperty("numbers", out var stats))
            foreach (var field in stats.EnumerateObject())
                if (Customer.Ranges.ContainsKey(field.Name))
                    numbers[field.Name] = (field.Value.GetProperty("mean").GetDouble(), field.Value.GetProperty("deviation").GetDouble());
        return (t, numbers);
    }

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
