using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Diagnostics;
using MLNet.Backprop.Network;
using MLNet.Backprop.Numerics;
using MLNet.Backprop.Training;

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
            .Append(ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options
            {
                HiddenLayers = [64, 32], Activation = Activation.ReLU, Optimizer = OptimizerKind.Adam,
                LearningRate = 1e-3f, BatchSize = 64, NumberOfEpochs = 50,
                ValidationFraction = 0.15f, EarlyStoppingPatience = 10, EarlyStoppingMetric = EarlyStoppingMetric.Auc,
                ClassWeighting = ClassWeighting.Balanced,
            }));

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
    public void EngineExample_LearnsXorAndPassesTheGradientCheck()
    {
        // ---- README: "The engine on its own" ----
        var network = NeuralNetwork.Create(new NetworkOptions { InputSize = 2, HiddenLayers = [8], Activation = Activation.Tanh, Seed = 1 });
        var xor = new TrainingData(features: [0, 0, 0, 1, 1, 0, 1, 1], rows: 4, columns: 2, targets: [0, 1, 1, 0]);
        TrainingHistory history = MlpTrainer.Train(network, xor, new TrainingOptions { NumberOfEpochs = 500, BatchSize = 4, LearningRate = 0.05f });

        var logits = new float[4];
        network.Predict(xor.Features, logits, rows: 4);

        var check = GradientCheck.Run(network, LossFunction.BinaryCrossEntropy, xor.Features, xor.Targets, rows: 4);
        // ---- end ----
        logits.Select(l => l > 0 ? 1f : 0f).ShouldBe(xor.Targets);
        check.Passes(1e-4).ShouldBeTrue(check.ToString());
        history.Epochs.Count.ShouldBe(500);
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
