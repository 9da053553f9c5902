using Microsoft.ML;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="SparseUpdates.CatchUp"/> end to end: the weights of <see cref="SparseUpdates.EveryRow"/> to rounding
/// (sparse first layer and embedding tables, with validation, early stopping and the best epoch's weights), bit-identical
/// for any thread count, and every-row steps where there is no closed form (an L2 term).</summary>
public class BackpropTrainerCatchUpTests
{
    private const int Slots = 3000;

    private static IDataView Data(MLContext ml, int rows = 600) => SparseRows.Load(ml, rows, Slots, 10, 1, dense: false);

    private static BackpropTrainer.Options Options(SparseUpdates updates, Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            HiddenLayers = [16], NumberOfEpochs = 6, Seed = 3, EnsembleSize = 1, BatchSize = 32, SparseInput = true, SparseUpdates = updates,
        };
        set?.Invoke(options);
        return options;
    }

    private static BackpropModel Fit(MLContext ml, IDataView data, BackpropTrainer.Options options) =>
        ml.BinaryClassification.Trainers.Backprop(options).Fit(data).Model;

    private static float[] Table(BackpropModel model, int index) =>
        model.Network.Input.Parts.OfType<EmbeddingInput>().ElementAt(index).Table.Values.ToArray();

    private static float[] FirstLayer(BackpropModel model) => model.Network.Layers[0].Weights.ToArray();

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.Momentum)]
    public void Fit_SparseCatchUp_WeightsAndValidationLossesOfEveryRowToRounding(OptimizerKind optimizer)
    {
        // Validation every epoch and early stopping read the caught-up rows: their losses match every-row's too.
        var ml = new MLContext(1);
        var data = Data(ml);
        void Set(BackpropTrainer.Options o)
        {
            o.Optimizer = optimizer;
            o.LearningRate = optimizer == OptimizerKind.Momentum ? 0.05f : 3e-3f;
            o.EarlyStoppingPatience = 3;
            o.ValidationFraction = 0.2f;
        }
        var caught = Fit(ml, data, Options(SparseUpdates.CatchUp, Set));
        var every = Fit(ml, data, Options(SparseUpdates.EveryRow, Set));
        var lazy = Fit(ml, data, Options(SparseUpdates.Lazy, Set));

        float[] w = FirstLayer(caught), reference = FirstLayer(every);
        double largest = 0, lazyLargest = 0;
        float[] lazyWeights = FirstLayer(lazy);
        for (int i = 0; i < w.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(w[i] - reference[i]));
            lazyLargest = Math.Max(lazyLargest, Math.Abs(lazyWeights[i] - reference[i]));
        }
        largest.ShouldBeLessThan(1e-4, $"lazy differs by {lazyLargest}");
        lazyLargest.ShouldBeGreaterThan(1e-2); // what the comparison would catch
        caught.History.Epochs.Count.ShouldBe(every.History.Epochs.Count);
        for (int e = 0; e < every.History.Epochs.Count; e++)
            caught.History.Epochs[e].ValidationLoss!.Value.ShouldBe(every.History.Epochs[e].ValidationLoss!.Value, 1e-5);
    }

    [Theory]
    [InlineData(DataLoading.InMemory, 1)]
    [InlineData(DataLoading.InMemory, 3)]
    [InlineData(DataLoading.Streaming, 1)]
    public void Fit_SparseCatchUp_BitIdenticalForOneTwoAndThreeThreads(DataLoading loading, int ensemble)
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        float[] Run(int threads) => FirstLayer(Fit(ml, data, Options(SparseUpdates.CatchUp, o =>
        {
            o.NumberOfThreads = threads;
            o.DataLoading = loading;
            o.EnsembleSize = ensemble;
            o.StreamingBlockSize = 128;
        })));
        var one = Run(1);
        Run(2).ShouldBe(one);
        Run(3).ShouldBe(one);
    }

    [Fact]
    public void Fit_SparseCatchUpWithL2_TakesEveryRowSteps()
    {
        // An L2 term makes an untouched row's gradient non-zero: no closed form, so every row every step, the same bits.
        var ml = new MLContext(1);
        var data = Data(ml, 300);
        FirstLayer(Fit(ml, data, Options(SparseUpdates.CatchUp, o => o.L2Regularization = 1e-3f)))
            .ShouldBe(FirstLayer(Fit(ml, data, Options(SparseUpdates.EveryRow, o => o.L2Regularization = 1e-3f))));
    }

    [Fact]
    public void Fit_EmbeddingTablesCatchUp_TablesOfEveryRowToRounding()
    {
        var ml = new MLContext(1);
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(600, 1, users: 40));
        BackpropModel Train(SparseUpdates updates)
        {
            var options = KeyedRows.Options(["UserKey", "ItemKey"], epochs: 8);
            options.SparseUpdates = updates;
            options.WeightDecay = 0.01f;
            return KeyedRows.Train(ml, data, options);
        }
        var caught = Train(SparseUpdates.CatchUp);
        var every = Train(SparseUpdates.EveryRow);
        var lazy = Train(SparseUpdates.Lazy);
        for (int t = 0; t < 2; t++)
        {
            float[] a = Table(caught, t), b = Table(every, t), c = Table(lazy, t);
            double largest = 0, lazyLargest = 0;
            for (int i = 0; i < a.Length; i++)
            {
                largest = Math.Max(largest, Math.Abs(a[i] - b[i]));
                lazyLargest = Math.Max(lazyLargest, Math.Abs(c[i] - b[i]));
            }
            largest.ShouldBeLessThan(1e-4, $"table {t}; lazy differs by {lazyLargest}");
            lazyLargest.ShouldBeGreaterThan(1e-3);
        }
    }
}
