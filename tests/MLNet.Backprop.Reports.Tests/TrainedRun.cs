using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Reports.Tests;

public sealed class GeneratedRow
{
    [VectorType(6)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>Generated binary data (a non-linear rule of 6 Gaussian features) and one short real training run on it.</summary>
public sealed class TrainedRun
{
    public TrainedRun()
    {
        Ml = new MLContext(0);
        Train = Load(Ml, 800, 1);
        Test = Load(Ml, 300, 2);
        Options = new BackpropTrainer.Options
        {
            HiddenLayers = [32, 16, 8], Activation = Activation.ReLU, NumberOfEpochs = 12, BatchSize = 32, LearningRate = 3e-3f,
            ValidationFraction = 0.2f, Seed = 1,
        };
        var transformer = Ml.BinaryClassification.Trainers.Backprop(Options).Fit(Train);
        Model = transformer.Model;
        var metrics = Ml.BinaryClassification.Evaluate(transformer.Transform(Test));
        Metrics = new Dictionary<string, double> { ["AUC"] = metrics.AreaUnderRocCurve, ["Accuracy"] = metrics.Accuracy };
    }

    public MLContext Ml { get; }

    public IDataView Train { get; }

    public IDataView Test { get; }

    public BackpropTrainer.Options Options { get; }

    public BackpropModel Model { get; }

    public IReadOnlyDictionary<string, double> Metrics { get; }

    public static IDataView Load(MLContext ml, int count, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var rows = new List<GeneratedRow>(count);
        for (int i = 0; i < count; i++)
        {
            var x = Enumerable.Range(0, 6).Select(_ => (float)Gaussian()).ToArray();
            rows.Add(new GeneratedRow { Features = x, Label = x[0] * x[1] + 0.5f * x[2] - 0.3f * x[3] * x[3] + 0.3f > 0 });
        }
        return ml.Data.LoadFromEnumerable(rows);
    }
}
