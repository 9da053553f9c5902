using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Data;

/// <summary>A key label's values may be of any type, not only text: <c>MapValueToKey</c> on a Single column (digit
/// labels, as ML.NET's own samples write them) or a Boolean one trains, and the class names are the values' text form.</summary>
public class KeyValueTypeTests
{
    public sealed class DigitRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public float Digit { get; set; }

        public bool Flag { get; set; }

        public double Measure { get; set; }
    }

    private static IDataView Digits(MLContext ml, int count, ulong seed) => ml.Data.LoadFromEnumerable(Tabular.Rows(count, seed).Select(r => new DigitRow
    {
        Features = r.Features, Digit = r.Class switch { "NE" => 7f, "NW" => 3f, _ => 0.5f }, Flag = r.Label, Measure = r.Class == "S" ? 2.25 : -1,
    }));

    [Theory]
    [InlineData("Digit", new[] { "7", "3", "0.5" })]
    [InlineData("Measure", new[] { "-1", "2.25" })]
    [InlineData("Flag", null)]
    public void Fit_KeyLabelWithNonTextValues_TrainsAndNamesClassesByTheirTextForm(string column, string[]? expected)
    {
        var ml = new MLContext(seed: 1);
        var data = Digits(ml, 400, 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", column)
            .Append(ml.MulticlassClassification.Trainers.Backprop(new BackpropTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 5, Seed = 1, EnsembleSize = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);

        var mlp = model.OfType<BackpropTransformer>().Single().Model;
        var names = mlp.ClassNames.ShouldNotBeNull();
        if (expected is not null) names.ShouldBe(expected, ignoreOrder: true);
        else names.ShouldBe(["True", "False"], ignoreOrder: true);
        var predicted = model.Transform(data).GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => p.ToString()).ToList();
        predicted.ShouldAllBe(p => names.Contains(p));
    }
}
