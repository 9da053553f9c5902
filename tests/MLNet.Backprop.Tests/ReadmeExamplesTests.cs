using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary>The README's code examples, kept compiling and true.</summary>
public class ReadmeExamplesTests
{
    [Fact]
    public void PipelineExample_RunsAndRoundTrips()
    {
        var ml = new MLContext(seed: 0);
        var train = ml.Data.LoadFromEnumerable(Customers(600, 1));
        var test = ml.Data.LoadFromEnumerable(Customers(200, 2));
        // ---- README: "Use it in a pipeline" ----
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("Contract")
            .Append(ml.Transforms.Concatenate("Features", "Contract", "tenure", "MonthlyCharges"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.Backprop());   // the defaults: see "What the defaults do"

        var model = pipeline.Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));

        var mlp = model.LastTransformer.Model;
        string path = Path.Combine(Path.GetTempPath(), $"churn-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveBackprop(model, train.Schema, path);
            var loaded = ml.Model.LoadBackprop(path, out var inputSchema);
            // ---- end ----
            metrics.AreaUnderRocCurve.ShouldBeGreaterThan(0.75);
            mlp.History.Epochs.Count.ShouldBeGreaterThan(0);
            loaded.Transform(test).GetColumn<float>("Probability").ShouldBe(model.Transform(test).GetColumn<float>("Probability"));
            inputSchema.Count.ShouldBe(train.Schema.Count);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void InsideAModelExample_ReadsLayersPredictsAndPassesTheGradientCheck()
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(Tabular.Rows(300, 1));
        var model = ml.Transforms.CopyColumns("Label", "Label").Append(ml.BinaryClassification.Trainers.Backprop(
            new BackpropTrainer.Options { HiddenLayers = [8], Activation = Activation.Tanh, NumberOfEpochs = 20, Seed = 1 })).Fit(data);
        var rows = 4;
        float[] features = [.. Tabular.Rows(rows, 9).SelectMany(r => r.Features)];
        float[] targets = [.. Tabular.Rows(rows, 9).Select(r => r.Label ? 1f : 0f)];
        var lines = new List<string>();
        // ---- README: "Inside a trained model" (public API only) ----
        BackpropModel mlp = model.LastTransformer.Model;
        foreach (var layer in mlp.Network.Layers)
            lines.Add($"layer {layer.Index}: {layer.InputSize} → {layer.OutputSize}, {layer.Activation}");
        ReadOnlySpan<float> w = mlp.Network.Layers[0].Weights.Span;

        var logits = new float[rows];
        mlp.Network.Predict(features, logits, rows);

        GradientCheckResult check = GradientCheck.Run(mlp.Network, mlp.Loss, features, targets, rows);
        // ---- end ----
        // The default input stage encodes each of the 4 features as its 32 supervised bins and 8 periodic embedding values:
        // 4 × (32 + 8) = 160 inputs to layer 0.
        lines.ShouldBe(["layer 0: 160 → 8, Tanh", "layer 1: 8 → 1, Identity"]);
        w.Length.ShouldBe(160 * 8);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(Tabular.Rows(rows, 9))).GetColumn<float>("Score").ToArray();
        mlp.Networks.Count.ShouldBe(Defaults.EnsembleSize);
        var mean = new float[rows];
        foreach (var network in mlp.Networks)
        {
            var member = new float[rows];
            network.Predict(features, member, rows);
            for (int i = 0; i < rows; i++) mean[i] += member[i] / mlp.Networks.Count;
        }
        for (int i = 0; i < rows; i++) mean[i].ShouldBe(scored[i], 1e-6f); // the score is the networks' mean output
        check.Passes(1e-4).ShouldBeTrue(check.ToString());
    }

    private static List<Customer> Customers(int count, ulong seed)
    {
        var rng = new Rng(seed);
        string[] contracts = ["Month-to-month", "One year", "Two year"];
        return Enumerable.Range(0, count).Select(_ =>
        {
            int contract = rng.NextInt(3);
            float tenure = rng.NextFloat() * 72, charges = 20 + rng.NextFloat() * 100;
            double risk = 1.5 - 1.2 * contract - tenure / 24 + charges / 100 + rng.NextGaussian() * 0.5;
            return new Customer { Contract = contracts[contract], tenure = tenure, MonthlyCharges = charges, Label = risk > 0 };
        }).ToList();
    }

    private sealed class Customer
    {
        public string Contract { get; set; } = "";
#pragma warning disable IDE1006 // the Telco column is called "tenure"
        public float tenure { get; set; }
#pragma warning restore IDE1006
        public float MonthlyCharges { get; set; }
        public bool Label { get; set; }
    }
}
