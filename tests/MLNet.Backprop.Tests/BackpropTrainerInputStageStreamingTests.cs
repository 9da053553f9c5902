using Microsoft.ML;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests;

/// <summary>The dense path's input stage streamed (<see cref="DataLoading.Streaming"/>): the periodic embeddings, the robust
/// scaling and the learned scales, alone and composed as the defaults compose them. Their statistics (the embedded slots,
/// the robust map, the bins) come from the counting pass's sample (<see cref="BinningSample"/>), every row up to its cap,
/// so a stream trained as in memory (one epoch within one block) gives the in-memory model bit for bit; beyond the cap,
/// the sampled rows' statistics.</summary>
public class BackpropTrainerInputStageStreamingTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static BackpropTrainer.Options Options(Action<BackpropTrainer.Options>? set = null)
    {
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = "Value", HiddenLayers = [16], NumberOfEpochs = 1, Seed = 2, EnsembleSize = 2, StandardizeLabel = false, ValidationFraction = 0f,
        };
        set?.Invoke(options);
        return options;
    }

    /// <summary>The options of each part of the stage alone, of all three, and the defaults (the automatic stage).</summary>
    private static void Part(BackpropTrainer.Options o, string part)
    {
        if (part == "Defaults") return;
        o.NumericEncoding = part.Contains("Periodic", StringComparison.Ordinal) ? NumericEncoding.Periodic : NumericEncoding.None;
        if (part.Contains("RobustSmoothClip", StringComparison.Ordinal)) o.NumericScaling = NumericScaling.RobustSmoothClip;
        o.LearnFeatureScales = part.Contains("Scales", StringComparison.Ordinal);
    }

    private static void Streamed(BackpropTrainer.Options o)
    {
        o.DataLoading = DataLoading.Streaming;
        o.StreamingBlockSize = 1024;
    }

    /// <summary>The generated rows in raw units, one heavy tail and a 0/1 feature (which the embeddings pass through).</summary>
    private static List<TabularRow> RawRows(int count, ulong seed) => Tabular.Rows(count, seed)
        .Select(r => { r.Features = [40f * r.Features[0] + 500f, MathF.Exp(2f * r.Features[1]), r.Features[2] - 7f, r.Features[3] > 0 ? 1f : 0f]; return r; }).ToList();

    private static BackpropTransformer Fit(BackpropTrainer.Options options, IDataView data, int? sampleRows = null) =>
        new BackpropTrainer(Ml, options) { BinningSampleRows = sampleRows ?? BinningSample.MaxRows }.Fit(data);

    [Theory]
    [InlineData("Periodic")]
    [InlineData("RobustSmoothClip")]
    [InlineData("Scales")]
    [InlineData("Periodic+RobustSmoothClip+Scales")]
    [InlineData("Defaults")]
    public void Fit_StreamingOneEpochInOneBlock_BitIdenticalToInMemory(string part)
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(600, 1));

        var inMemory = Fit(Options(o => Part(o, part)), data).Model;
        var streamed = Fit(Options(o => { Part(o, part); Streamed(o); }), data).Model;

        var kinds = streamed.Network.Input.Describe().Select(d => d.Kind).ToArray();
        kinds.ShouldBe(part switch
        {
            "Defaults" => [InputKind.PiecewiseLinear, InputKind.Periodic],
            "RobustSmoothClip" => [InputKind.ClippedDense],
            "Scales" => [InputKind.Dense], // the learned scales folded into the first layer's weights
            _ => [InputKind.Periodic],
        });
        if (part.Contains("Periodic", StringComparison.Ordinal) || part == "Defaults")
            streamed.Network.Input.Describe()[^1].PeriodicSettings!.Embedded.ShouldBe([0, 1, 2]); // the 0/1 feature is not embedded
        SameModel.ShouldBeTheSameModel(streamed, inMemory);
    }

    [Fact]
    public void Fit_StreamingDefaults_BitIdenticalForOneAndTwoThreads()
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(800, 4));

        ThreadCountFits.ShouldBeBitIdenticalForAnyThreadCount(threads => Fit(Options(o =>
        {
            Streamed(o);
            o.StreamingBlockSize = 128;
            o.NumberOfEpochs = 3;
            o.ValidationFraction = null;
            o.NumberOfThreads = threads;
        }), data, sampleRows: 500).Model);
    }

    [Fact]
    public void Fit_StreamingMoreRowsThanTheCap_EmbeddedSlotsAndRobustMapOfTheSampledRowsOnly()
    {
        const int cap = 300;
        var rows = RawRows(1_000, 3);
        var chosen = BinningSample.RowsOf(rows.Count, seed: 2, cap).Select(r => (int)r).ToHashSet();
        // A third value of the 0/1 feature in rows the sample leaves out: embedded over all the rows, not over the sample.
        for (int r = 0; r < rows.Count; r += 3)
            if (!chosen.Contains(r)) rows[r].Features[3] = 2f;
        void Set(BackpropTrainer.Options o) => Part(o, "Periodic+RobustSmoothClip+Scales");

        var streamed = Fit(Options(o => { Set(o); Streamed(o); }), Ml.Data.LoadFromEnumerable(rows), sampleRows: cap).Model.Network.Input.Describe()[0];
        var ofTheSample = Fit(Options(Set), Ml.Data.LoadFromEnumerable(rows.Where((_, r) => chosen.Contains(r)).ToList())).Model.Network.Input.Describe()[0];
        var ofAll = Fit(Options(Set), Ml.Data.LoadFromEnumerable(rows)).Model.Network.Input.Describe()[0];

        streamed.PeriodicSettings!.Embedded.ShouldBe([0, 1, 2]);
        ofAll.PeriodicSettings!.Embedded.ShouldBe([0, 1, 2, 3]);
        streamed.PeriodicSettings.Embedded.ShouldBe(ofTheSample.PeriodicSettings!.Embedded);
        streamed.Clip!.Centers.ToArray().ShouldBe(ofTheSample.Clip!.Centers.ToArray());
        streamed.Clip.InverseScales.ToArray().ShouldBe(ofTheSample.Clip.InverseScales.ToArray());
        streamed.Clip.Centers.ToArray().ShouldNotBe(ofAll.Clip!.Centers.ToArray());
    }

    [Fact]
    public void SaveBackprop_StreamedDefaults_ReloadsAndScoresBitIdenticalToTheInMemoryModel()
    {
        var data = Ml.Data.LoadFromEnumerable(RawRows(600, 1));
        var test = Ml.Data.LoadFromEnumerable(RawRows(200, 2));
        var streamed = Fit(Options(Streamed), data);

        var loaded = SavedAndLoaded.Reload(Ml, streamed, data.Schema);

        SameModel.ShouldBeTheSameModel(SavedAndLoaded.ModelOf(loaded), streamed.Model);
        Scored.Values(loaded, test).ShouldBe(Scored.Values(Fit(Options(), data), test)); // bit for bit
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fit_StreamingDefaults_DrawTheSampleInOnePassOfItsOwnOnTheDensePathOnly(bool sparse)
    {
        // 1.7% non-zero: the automatic sparse path is decided after the counting pass, and takes no sample.
        IDataView data = sparse ? SparseRows.Load(Ml, rows: 200, slots: 300, perRow: 5, seed: 1) : Ml.Data.LoadFromEnumerable(RawRows(200, 1));
        (int Cursors, BackpropModel Model) Count(NumericEncoding encoding)
        {
            var view = new CountingView(data);
            var model = Fit(Options(o => { Streamed(o); o.NumericEncoding = encoding; o.EnsembleSize = 1; }), view).Model;
            return (view.Cursors, model);
        }

        var (auto, none) = (Count(NumericEncoding.Auto), Count(NumericEncoding.None));

        auto.Cursors.ShouldBe(none.Cursors + (sparse ? 0 : 1));
        auto.Model.Network.Input.Describe()[0].Kind.ShouldBe(sparse ? InputKind.Sparse : InputKind.PiecewiseLinear);
    }
}
