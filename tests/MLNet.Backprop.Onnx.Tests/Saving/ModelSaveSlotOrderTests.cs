using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using static Microsoft.ML.Transforms.ValueToKeyMappingEstimator;

namespace MLNet.Backprop.Onnx.Tests.Saving;

/// <summary>
/// What the slot-order check becomes after <c>ml.Model.Save</c>: the format holds ML.NET's built-in transformers only
/// (the network in an OnnxTransformer), so plain <c>ml.Model.Load</c> of a BackpropTransformer saved alone gives back no
/// BackpropTransformer, no slot names and no check: data featurized by a one-hot encoder refitted in another order is
/// scored with the wrong weights. The whole pipeline saved keeps its fitted encoder, which cannot be refitted.
/// </summary>
public class ModelSaveSlotOrderTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly string[] Contracts = ["Two year", "One year", "Month-to-month"];

    public sealed class Row
    {
        public string Contract { get; set; } = "";
        public float X { get; set; }
        public bool Label { get; set; }
    }

    private static List<Row> Make(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            int c = i < Contracts.Length ? i : random.Next(Contracts.Length);
            float x = (float)random.NextDouble() * 2 - 1;
            return new Row { Contract = Contracts[c], X = x, Label = c - 1 + x > 0 };
        }).ToList();
    }

    private static IEstimator<ITransformer> Featurizer(KeyOrdinality order) =>
        Ml.Transforms.Categorical.OneHotEncoding("ContractVec", "Contract", keyOrdinality: order).Append(Ml.Transforms.Concatenate("Features", "ContractVec", "X"));

    [Fact]
    public void ModelSaveThenLoad_TransformerAloneOnARefittedEncoder_BuiltInsScoreItUnchecked()
    {
        var train = Ml.Data.LoadFromEnumerable(Make(300, seed: 1));
        var test = Ml.Data.LoadFromEnumerable(Make(40, seed: 2));
        var featurizer = Featurizer(KeyOrdinality.ByOccurrence).Fit(train);
        var model = Ml.BinaryClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 5, EnsembleSize = 1, Seed = 3, RecordDiagnostics = false })
            .Fit(featurizer.Transform(train));
        var refitted = Featurizer(KeyOrdinality.ByValue).Fit(test).Transform(test);
        Should.Throw<ArgumentOutOfRangeException>(() => model.Transform(refitted)).ParamName.ShouldBe("feature"); // in process: refused
        string dir = Directory.CreateTempSubdirectory("backprop-slot-order-").FullName;
        try
        {
            string zip = Path.Combine(dir, "model.zip");
            Ml.Model.Save(model, featurizer.Transform(test).Schema, zip);

            var loaded = (TransformerChain<ITransformer>)Ml.Model.Load(zip, out _);

            loaded.ShouldNotContain(t => t is BackpropTransformer);
            loaded.ShouldContain(t => t is OnnxTransformer);
            // Not refused: the moved one-hot slots are read with the trained slots' weights, and the scores change.
            var scores = loaded.Transform(refitted).GetColumn<float>("Score").ToArray();
            var right = loaded.Transform(featurizer.Transform(test)).GetColumn<float>("Score").ToArray();
            scores.Length.ShouldBe(40);
            scores.ShouldNotBe(right);
            (loaded as IDisposable)?.Dispose();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
