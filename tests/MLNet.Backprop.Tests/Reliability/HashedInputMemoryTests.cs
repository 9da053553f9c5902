using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.Backprop.Network.Inputs;
using Xunit.Abstractions;

namespace MLNet.Backprop.Tests.Reliability;

/// <summary>Runs alone: the checks count every byte the process allocates while a Fit runs.</summary>
[CollectionDefinition(nameof(AllocationCountingCollection), DisableParallelization = true)]
public sealed class AllocationCountingCollection;

/// <summary>
/// A 2²⁰-slot vector from <c>OneHotHashEncoding(numberOfBits: 20)</c> (three id columns hashed into one bag, the way a user hashes ids):
/// training, scoring and the prediction engine allocate in proportion to the non-zeros and the first layer, never a
/// dense row per example. One dense row is 4 MiB, so a dense row per example and epoch would be
/// rows × epochs × 4 MiB (≈ 23 GiB here); the bound is a fraction of one dense row per example and far above what the
/// first layer's weights, gradient and optimizer state need.
/// </summary>
[Collection(nameof(AllocationCountingCollection))]
public class HashedInputMemoryTests(ITestOutputHelper output)
{
    private const int Bits = 20, Slots = 1 << Bits, Rows = 2000, Epochs = 3, Units = 8;
    private const long DenseRowBytes = (long)Slots * sizeof(float);

    private sealed class Visit
    {
        public string User { get; set; } = "";
        public string Item { get; set; } = "";
        public string Place { get; set; } = "";
        public bool Label { get; set; }
    }

    private static IEnumerable<Visit> Visits(int rows, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < rows; i++)
        {
            int user = random.Next(300), item = random.Next(20000), place = random.Next(50);
            yield return new Visit { User = $"u{user}", Item = $"i{item}", Place = $"p{place}", Label = (user % 3 == 0) ^ (place % 7 == 0) };
        }
    }

    /// <summary>The three ids as one bag of 2²⁰ hashed slots (three non-zeros a row).</summary>
    private static IEstimator<ITransformer> Hashing(MLContext ml) =>
        ml.Transforms.Concatenate("Ids", "User", "Item", "Place")
            .Append(ml.Transforms.Categorical.OneHotHashEncoding("Features", "Ids", OneHotEncodingEstimator.OutputKind.Bag, numberOfBits: Bits));

    private static (IDataView Train, IDataView Test) Hashed(MLContext ml, DataLoading loading)
    {
        var hashing = Hashing(ml);
        var train = ml.Data.LoadFromEnumerable(Visits(Rows, 1).ToList());
        var test = ml.Data.LoadFromEnumerable(Visits(500, 2).ToList());
        var featurizer = hashing.Fit(train);
        var features = featurizer.Transform(train);
        // In memory: the hashed vectors cached as ML.NET's sparse VBuffers; streaming: recomputed on every pass.
        return (loading == DataLoading.InMemory ? ml.Data.Cache(features) : features, featurizer.Transform(test));
    }

    [Theory]
    [InlineData(DataLoading.InMemory)]
    [InlineData(DataLoading.Streaming)]
    public void Fit_HashedTwentyBitIds_AllocatesNoDenseRowPerExample(DataLoading loading)
    {
        var ml = new MLContext(1);
        var (train, test) = Hashed(ml, loading);
        ((VectorDataViewType)train.Schema["Features"].Type).Size.ShouldBe(Slots);
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [Units], NumberOfEpochs = Epochs, EnsembleSize = 1, Seed = 1, DataLoading = loading, NumberOfThreads = 2,
        };

        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var model = ml.BinaryClassification.Trainers.Backprop(options).Fit(train);
        long training = GC.GetTotalAllocatedBytes(precise: true) - before;
        var auc = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(test)).AreaUnderRocCurve;
        using var engine = ml.Model.CreatePredictionEngine<Visit, Prediction>(
            Hashing(ml).Fit(ml.Data.LoadFromEnumerable(Visits(10, 3).ToList())).Append(model));
        foreach (var visit in Visits(200, 4)) engine.Predict(visit);
        long total = GC.GetTotalAllocatedBytes(precise: true) - before;

        // The first layer: weights, gradient, Adam's two moments, the best epoch's copy, the folded copy of the model.
        long firstLayer = (long)Slots * Units * sizeof(float);
        output.WriteLine($"{loading}: Fit allocated {training / 1e6:F0} MB, Fit + Transform of 500 rows + 200 predictions " +
            $"{total / 1e6:F0} MB; first layer {firstLayer / 1e6:F0} MB; a dense row per example and epoch would be " +
            $"{(double)Rows * Epochs * DenseRowBytes / 1e9:F1} GB; test AUC {auc:F3}");
        model.Model.Network.Input.Describe().ShouldBe([InputPartDescription.Sparse(Slots)]);
        total.ShouldBeLessThan(12 * firstLayer + Rows / 20 * DenseRowBytes);
        auc.ShouldBeGreaterThan(0.6);
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }
}
