using System.Text.Json.Nodes;
using ChurnPrediction.CommandLine;
using ChurnPrediction.Data;
using ChurnPrediction.Modeling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop;
using MLNet.Backprop.Tests.TestSupport;

namespace ChurnService.Tests;

/// <summary>
/// The churn sample's model, trained here the way its train command does (its data split, featurizer and trainer
/// options; fewer epochs to stay fast) and saved with the sample's <see cref="ServingExport"/>; the service runs over it
/// in-process (TestServer, real HTTP pipeline). Also keeps the sample's own pipeline (with the BackpropTransformer) and
/// the raw test customers, to compare against.
/// </summary>
public sealed class ChurnModelFixture : IDisposable
{
    public const float Threshold = 0.42f;

    public ChurnModelFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("churn-service-").FullName;
        if (Telco.Directory is null) return;
        var ml = new MLContext(seed: 0);
        var split = PreparedSplit.Load(ml, new ChurnOptions { DataPath = Path.Combine(Telco.Directory, TelcoSource.FileName), OutputDirectory = Directory, Quiet = true }, TextWriter.Null);
        Pipeline = Train(ml, split, seed: 0);
        ModelPath = ServingExport.Save(ml, Pipeline, split.Train.Schema, Threshold, Directory, split.Train);
        Customers = ToJson(ml, split.Test);
        Probabilities = ml.Data.CreateEnumerable<ScoredCustomer>(Pipeline.Transform(split.Test), reuseRowObject: false).Select(s => s.Probability).ToArray();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Model:Path", ModelPath));
        Split = split;
    }

    public string Directory { get; }

    public string ModelPath { get; } = "";

    public ITransformer Pipeline { get; } = null!;

    internal PreparedSplit Split { get; } = null!;

    /// <summary>The raw test customers as the service's JSON.</summary>
    public JsonObject[] Customers { get; } = [];

    /// <summary>The sample pipeline's churn probability for each of them.</summary>
    public float[] Probabilities { get; } = [];

    public WebApplicationFactory<Program> Factory { get; } = null!;

    internal static ITransformer Train(MLContext ml, PreparedSplit split, int seed)
    {
        var mlp = ml.BinaryClassification.Trainers.Backprop(ChurnPipeline.TrainerOptions(seed, epochs: 15)).Fit(split.FeaturizedTrain);
        return new TransformerChain<ITransformer>(split.Featurizer, mlp);
    }

    private static JsonObject[] ToJson(MLContext ml, IDataView test)
    {
        var rows = new List<JsonObject>();
        var ids = test.GetColumn<ReadOnlyMemory<char>>(TelcoSchema.CustomerId).Select(x => x.ToString()).ToArray();
        var text = TelcoSchema.Categorical.ToDictionary(c => c, c => test.GetColumn<ReadOnlyMemory<char>>(c).Select(x => x.ToString()).ToArray());
        var numbers = TelcoSchema.Numeric.ToDictionary(c => c, c => test.GetColumn<float>(c).ToArray());
        for (int i = 0; i < ids.Length; i++)
        {
            var row = new JsonObject { ["customerID"] = ids[i] };
            foreach (var (c, values) in text) row[c] = values[i];
            foreach (var (c, values) in numbers) row[c] = float.IsNaN(values[i]) ? null : JsonValue.Create(values[i]);
            rows.Add(row);
        }
        return [.. rows];
    }

    public void Dispose()
    {
        Factory?.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
