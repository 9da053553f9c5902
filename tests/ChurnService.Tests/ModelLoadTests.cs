using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;
using Xunit.Abstractions;

namespace ChurnService.Tests;

/// <summary>A model or settings file the service cannot serve from: refused when loaded (at start-up, or by a reload,
/// which keeps the old model), with a message naming the file and what is wrong.</summary>
public sealed class ModelLoadTests(ChurnModelFixture fixture, ITestOutputHelper output) : IClassFixture<ChurnModelFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("churn-load-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A copy of the fixture's model and settings, the model's bytes and the settings' JSON changed by the test.</summary>
    private string Copy(Func<byte[], byte[]>? model = null, Action<JsonObject>? settings = null, string? settingsText = null)
    {
        string path = Path.Combine(_directory, "churn-model.mlnet.zip");
        byte[] bytes = File.ReadAllBytes(fixture.ModelPath);
        File.WriteAllBytes(path, model is null ? bytes : model(bytes));
        var json = JsonNode.Parse(File.ReadAllText(LoadedModel.SettingsPath(fixture.ModelPath)))!.AsObject();
        settings?.Invoke(json);
        File.WriteAllText(LoadedModel.SettingsPath(path), settingsText ?? json.ToJsonString());
        return path;
    }

    /// <summary>Loading <paramref name="path"/> throws an InvalidDataException whose message holds each of <paramref name="expected"/>.</summary>
    private void LoadFails(string path, params string[] expected)
    {
        var error = Should.Throw<Exception>(() => LoadedModel.Load(path, threshold: null));
        output.WriteLine($"{error.GetType().Name}: {error.Message}");
        error.ShouldBeOfType<InvalidDataException>();
        foreach (string part in expected) error.Message.ShouldContain(part);
    }

    [TelcoFact]
    public void Load_ModelFileTruncated_InvalidDataExceptionNamingTheFile()
    {
        string path = Copy(model: b => b[..(b.Length / 2)]);
        LoadFails(path, $"The model file '{path}'");
    }

    [TelcoFact]
    public void Load_ModelFileNotAZip_InvalidDataExceptionNamingTheFile()
    {
        string path = Copy(model: _ => "{\"threshold\": 0.5}"u8.ToArray());
        LoadFails(path, $"The model file '{path}'");
    }

    [TelcoFact]
    public void Load_ModelWithoutAProbability_InvalidDataExceptionNamingTheFileAndTheColumn()
    {
        // The churn featurizer alone: a valid ML.NET model, of the customers' columns, that gives no churn probability.
        string path = Copy();
        var ml = new MLContext(seed: 0);
        ml.Model.Save(fixture.Split.Featurizer, fixture.Split.Train.Schema, path);
        LoadFails(path, $"The model file '{path}'", "Probability");
    }

    [TelcoFact]
    public void Load_SettingsWithoutAThreshold_InvalidDataExceptionNamingTheFileAndTheField()
    {
        string path = Copy(settings: s => s.Remove("threshold"));
        LoadFails(path, $"'{LoadedModel.SettingsPath(path)}'", "threshold");
    }

    [TelcoFact]
    public void Load_SettingsThresholdNotANumber_InvalidDataExceptionNamingTheFileAndTheField()
    {
        string path = Copy(settings: s => s["threshold"] = "0.4");
        LoadFails(path, $"'{LoadedModel.SettingsPath(path)}'", "threshold");
    }

    [TelcoFact]
    public void Load_SettingsNotJson_InvalidDataExceptionNamingTheFile()
    {
        string path = Copy(settingsText: "{\"threshold\": 0.4");
        LoadFails(path, $"'{LoadedModel.SettingsPath(path)}'");
    }

    [TelcoFact]
    public void Load_SettingsNumberWithoutADeviation_InvalidDataExceptionNamingTheFileAndTheField()
    {
        string path = Copy(settings: s => s["numbers"]!["tenure"]!.AsObject().Remove("deviation"));
        LoadFails(path, $"'{LoadedModel.SettingsPath(path)}'", "tenure");
    }

    [TelcoTheory]
    [InlineData(42f)]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Host_ThresholdSettingOutsideZeroOne_RefusedNamingTheSetting(float threshold)
    {
        // Before: accepted; every answer compared the probability with it (42: "churn": false for every customer).
        var error = Should.Throw<ArgumentOutOfRangeException>(() => new ModelHost(fixture.ModelPath, threshold, NullLogger<ModelHost>.Instance));
        error.Message.ShouldStartWith($"Model:Threshold is {threshold}; it must be a probability in (0, 1)");
    }

    [TelcoTheory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Service_MaxBatchBelowOne_StartUpRefusedNamingTheSetting(int maxBatch)
    {
        // Before: the service started and /health said "ok", but every array request was refused ("at most 0 per request").
        using var factory = fixture.Factory.WithWebHostBuilder(b => b.UseSetting("Model:MaxBatch", maxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var error = Should.Throw<ArgumentOutOfRangeException>(() => factory.CreateClient());
        error.Message.ShouldStartWith($"Model:MaxBatch is {maxBatch}; it must be at least 1");
    }
}
