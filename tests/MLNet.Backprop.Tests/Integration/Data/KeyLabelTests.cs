using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests.Integration.Data;

/// <summary>Multiclass labels may be keys of any raw type ML.NET has (Byte, UInt16, UInt32, UInt64): training in
/// memory and streamed, validation, scoring and ML.NET's multiclass evaluation all work alike.</summary>
public class KeyLabelTests
{
    public sealed class KeyRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        [KeyType(3)]
        public byte ByteKey { get; set; }

        [KeyType(3)]
        public uint UInt32Key { get; set; }

        [KeyType(3)]
        public ulong UInt64Key { get; set; }
    }

    /// <summary>Tabular rows with the quadrant class as key 1..3.</summary>
    private static List<(uint Key, float[] Features)> Rows(int count, ulong seed) =>
        Tabular.Rows(count, seed).Select(r => (r.Class switch { "NE" => 1u, "NW" => 2u, _ => 3u }, r.Features)).ToList();

    /// <summary>A text file read with a key label of <paramref name="kind"/> (TextLoader's keys are 0-based in the text).</summary>
    private static IDataView FromText(MLContext ml, DataKind kind, int count, ulong seed, string directory)
    {
        string path = Path.Combine(directory, $"{seed}.csv");
        File.WriteAllLines(path, Rows(count, seed).Select(r => $"{r.Key - 1},{string.Join(",", r.Features)}"));
        return ml.Data.LoadFromTextFile(path, [new("Label", kind, [new TextLoader.Range(0)], new KeyCount(3)), new("Features", DataKind.Single, 1, 4)],
            separatorChar: ',');
    }

    private static BackpropTrainer.Options Options(string label, DataLoading loading) => new()
    {
        LabelColumnName = label, HiddenLayers = [16], NumberOfEpochs = 15, LearningRate = 0.01f, Seed = 1,
        DataLoading = loading, EarlyStoppingPatience = 5, EarlyStoppingMetric = EarlyStoppingMetric.Accuracy,
    };

    private static void FitValidateScoreEvaluate(MLContext ml, IDataView train, IDataView test, string label, DataLoading loading)
    {
        var model = ml.MulticlassClassification.Trainers.Backprop(Options(label, loading)).Fit(train, test);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test), labelColumnName: label);

        model.Model.History.Epochs[^1].ValidationMetric.ShouldNotBeNull().ShouldBeGreaterThan(0.8);
        metrics.MicroAccuracy.ShouldBeGreaterThan(0.85);
    }

    public static TheoryData<DataKind, DataLoading> TextCases()
    {
        var data = new TheoryData<DataKind, DataLoading>();
        foreach (var kind in new[] { DataKind.Byte, DataKind.UInt16, DataKind.UInt32, DataKind.UInt64 })
            foreach (var loading in new[] { DataLoading.InMemory, DataLoading.Streaming })
                data.Add(kind, loading);
        return data;
    }

    [Theory]
    [MemberData(nameof(TextCases))]
    public void FitValidateScoreEvaluate_TextLoaderKeyOfAnyRawType_Works(DataKind kind, DataLoading loading)
    {
        var ml = new MLContext(seed: 1);
        string directory = Path.Combine(Path.GetTempPath(), $"key-labels-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            FitValidateScoreEvaluate(ml, FromText(ml, kind, 600, 1, directory), FromText(ml, kind, 200, 2, directory), "Label", loading);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    // [KeyType] on a ushort property cannot even be read back by ML.NET 5.0.1's own LoadFromEnumerable
    // (GetColumn<ushort> throws in DataViewConstructionUtils), so UInt16 keys are covered by the TextLoader cases.
    [Theory]
    [InlineData("ByteKey")]
    [InlineData("UInt32Key")]
    [InlineData("UInt64Key")]
    public void FitValidateScoreEvaluate_KeyTypeProperty_Works(string label)
    {
        var ml = new MLContext(seed: 1);
        IDataView Load(int count, ulong seed) => ml.Data.LoadFromEnumerable(Rows(count, seed)
            .Select(r => new KeyRow { Features = r.Features, ByteKey = (byte)r.Key, UInt32Key = r.Key, UInt64Key = r.Key }));
        FitValidateScoreEvaluate(ml, Load(600, 1), Load(200, 2), label, DataLoading.InMemory);
    }
}
