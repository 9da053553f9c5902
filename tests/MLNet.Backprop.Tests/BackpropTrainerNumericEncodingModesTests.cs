using Microsoft.ML;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="NumericEncoding.PiecewiseLinear"/> beyond the in-memory default loop: streamed (edges from the
/// counting pass's sample: the in-memory edges up to <see cref="BinningSample.MaxRows"/> rows) and in the micro-batch
/// mode (edges of the rows in memory, training bit-identical for any thread count).</summary>
public class BackpropTrainerNumericEncodingModesTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(NumericBinning binning, Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 4, Seed = 2, EnsembleSize = 1, StandardizeLabel = false,
            NumericEncoding = NumericEncoding.PiecewiseLinear, NumericBins = 8, NumericBinning = binning, ValidationFraction = 0f,
        };
        set?.Invoke(options);
        return options;
    }

    private static BackpropModel Fit(BackpropTrainer.Options options, IDataView data, int? sampleRows = null) =>
        new BackpropTrainer(Ml, options) { BinningSampleRows = sampleRows ?? BinningSample.MaxRows }.Fit(data).Model;

    private static float[][] EdgesOf(BackpropModel model)
    {
        var bins = model.Network.Input.Describe()[0].Bins!;
        return Enumerable.Range(0, bins.Features).Select(f => bins.Edges(f).ToArray()).ToArray();
    }

    private static int[] Bits(BackpropModel model) =>
        model.Networks.SelectMany(n => n.Parameters).SelectMany(p => p.Values).Select(BitConverter.SingleToInt32Bits).ToArray();

    [Theory]
    [InlineData(NumericBinning.Quantile)]
    [InlineData(NumericBinning.Supervised)]
    public void Fit_StreamingFewerRowsThanTheCap_EdgesAndModelBitIdenticalToInMemory(NumericBinning binning)
    {
        var data = Tabular.Load(Ml, 600, 1);

        var inMemory = Fit(Options(binning, o => o.NumberOfEpochs = 1), data);
        var streamed = Fit(Options(binning, o => { o.NumberOfEpochs = 1; o.DataLoading = DataLoading.Streaming; o.StreamingBlockSize = 1024; }), data);

        EdgesOf(streamed).ShouldBe(EdgesOf(inMemory));
        Bits(streamed).ShouldBe(Bits(inMemory));
    }

    [Theory]
    [InlineData(NumericBinning.Quantile)]
    [InlineData(NumericBinning.Supervised)]
    public void Fit_StreamingMoreRowsThanTheCap_EdgesOfTheSampledRowsOnly(NumericBinning binning)
    {
        const int cap = 300;
        var rows = Tabular.Rows(1_000, 3);
        var options = Options(binning, o => { o.DataLoading = DataLoading.Streaming; o.NumberOfEpochs = 1; });

        var streamed = Fit(options, Ml.Data.LoadFromEnumerable(rows), sampleRows: cap);

        // The edges are those the in-memory fit makes of the rows of the cap lowest priorities.
        var chosen = BinningSample.RowsOf(rows.Count, seed: 2, cap).Select(r => rows[(int)r]).ToList();
        var edges = EdgesOf(streamed);
        edges.ShouldBe(EdgesOf(Fit(Options(binning, o => o.NumberOfEpochs = 1), Ml.Data.LoadFromEnumerable(chosen))));
        edges.ShouldNotBe(EdgesOf(Fit(Options(binning, o => o.NumberOfEpochs = 1), Ml.Data.LoadFromEnumerable(rows))));
    }

    [Theory]
    [InlineData(NumericBinning.Quantile)]
    [InlineData(NumericBinning.Supervised)]
    public void Fit_StreamingOneThreadOrTwo_BitIdentical(NumericBinning binning)
    {
        var data = Tabular.Load(Ml, 800, 4);
        int[] Train(int threads) => Bits(Fit(Options(binning, o =>
        {
            o.DataLoading = DataLoading.Streaming;
            o.StreamingBlockSize = 128;
            o.EnsembleSize = 2;
            o.NumberOfThreads = threads;
        }), data, sampleRows: 500));

        Train(2).ShouldBe(Train(1));
    }

    [Fact]
    public void Fit_StreamingSupervisedWithWeightsAndBalancing_EdgesAsInMemory()
    {
        var rows = Tabular.Rows(700, 6);
        for (int r = 0; r < rows.Count; r++) rows[r].Weight = 0.5f + r % 4;
        var data = Ml.Data.LoadFromEnumerable(rows);
        void Set(BackpropTrainer.Options o)
        {
            o.LabelColumnName = "Label";
            o.ExampleWeightColumnName = "Weight";
            o.ClassWeighting = ClassWeighting.Balanced;
            o.NumberOfEpochs = 1;
        }

        var inMemory = new BackpropTrainer(Ml, Options(NumericBinning.Supervised, Set)).Fit(data).Model;
        var streamed = new BackpropTrainer(Ml, Options(NumericBinning.Supervised, o => { Set(o); o.DataLoading = DataLoading.Streaming; })).Fit(data).Model;

        EdgesOf(streamed).ShouldBe(EdgesOf(inMemory));
        EdgesOf(streamed).ShouldNotBe(EdgesOf(new BackpropTrainer(Ml, Options(NumericBinning.Supervised, o => { Set(o); o.ExampleWeightColumnName = null; }))
            .Fit(data).Model));
    }

    [Theory]
    [InlineData(NumericBinning.Quantile)]
    [InlineData(NumericBinning.Supervised)]
    public void Fit_MicroBatchOneThreadOrTwo_BitIdenticalWithTheInMemoryEdges(NumericBinning binning)
    {
        var data = Tabular.Load(Ml, 500, 7);
        BackpropModel Train(int threads) => Fit(Options(binning, o => { o.MicroBatchSize = 8; o.BatchSize = 32; o.NumberOfThreads = threads; }), data);

        var one = Train(1);

        one.Network.Input.Describe()[0].Kind.ShouldBe(InputKind.PiecewiseLinear);
        EdgesOf(one).ShouldBe(EdgesOf(Fit(Options(binning), data)));
        Bits(Train(2)).ShouldBe(Bits(one));
    }
}
