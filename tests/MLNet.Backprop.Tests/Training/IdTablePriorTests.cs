using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Network.Inputs;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests.Training;

/// <summary>The automatic prior of an id-like embedding table (more keys than √rows): L2 of 10 ÷ rows on its every row,
/// every step, under the automatic <see cref="BackpropTrainer.Options.SparseUpdates"/> only.</summary>
public class IdTablePriorTests
{
    [Theory]
    [InlineData(0L, 1)]
    [InlineData(900L, 31)]     // 30 keys for 900 rows: 30² = 900, not more: not id-like
    [InlineData(901L, 31)]
    [InlineData(40_000L, 201)]
    public void IdLikeKeys_Rows_MoreKeysThanTheSquareRoot(long rows, int expected) =>
        AutomaticSettings.IdLikeKeys(rows).ShouldBe(expected);

    [Fact]
    public void IdTablePrior_Rows_TenRowsWorth() =>
        AutomaticSettings.IdTablePrior(40_000).ShouldBe(10f / 40_000f);

    [Theory]
    [InlineData(400, 2_000L, 1f, 2)]      // id-like: √(2,000 ÷ 400) = 2.2 → 2, where the rule gives 46
    [InlineData(400, 2_000L, 2.5f, 5)]    // the scale applies to the narrower width
    [InlineData(2_972, 66_079L, 1f, 5)]   // InstEval's students: √22.2 → 5, not 141
    [InlineData(30, 3_000L, 1f, 11)]      // 30² < 3,000: not id-like, the rule's width
    [InlineData(400, 1_000_000L, 1f, 46)] // the rule's width when it is the narrower
    public void EmbeddingWidth_IdLikeColumn_AtMostTheRootOfItsRowsPerKey(int keys, long rows, float scale, int expected) =>
        AutomaticSettings.EmbeddingWidth(keys, scale, BackpropTrainer.Options.MaxEmbeddingWidth, rows).ShouldBe(expected);

    // InstEval's shape: 3 numbers, students 2,972 (width 5, the rule's 141), lecturers 1,128 (8; 82), departments 14 (7,
    // not id-like), 66,079 rows, the default [64, 32] layers: the id tables' 23,897 values against 0.2 × 64 × 16,992
    // weights over the rule's widths = 217,498.
    [Theory]
    [InlineData(2_972, 1_128, 3, 66_079L, 64, true)]
    // 100,000 users (2; 600) and 10,000 items (7; 278) over 500,000 rows: 270,009 values against 0.2 × 64 × 58,976 = 754,893.
    [InlineData(100_000, 10_000, 4, 500_000L, 64, true)]
    // 1,000,000 users (1; 600) and 100,000 items (3; 600) over as many rows: 1,300,004 against 0.2 × 64 × 79,584 = 1,018,675.
    [InlineData(1_000_000, 100_000, 4, 1_000_000L, 64, false)]
    // The same tables with batches of 128 rows: 2,037,350, the prior fits.
    [InlineData(1_000_000, 100_000, 4, 1_000_000L, 128, true)]
    public void IdTablePriorFits_TablesAgainstTheRuleWidthsStep_WithinAFifth(int users, int items, int features, long rows, int batch, bool expected)
    {
        var options = new BackpropTrainer.Options { CategoricalColumnNames = ["User", "Item", "Group"] };
        int[] keys = [users, items, 14];
        AutomaticSettings.IdTablePriorFits(FitPlan.InputPartsFor(options, features, keys, rows), FitPlan.InputPartsFor(options, features, keys), rows, batch,
            options.HiddenLayers).ShouldBe(expected);
    }

    [Fact]
    public void IdTablePriorFits_AtTheBound_FitsAndOneValueMoreDoesNot()
    {
        // One table of 99 keys over 9,000 rows (id-like), 100 values at width 1; at width 4, one hidden unit: 4 × 1 + 1 × 1
        // = 5 weights, so a batch of 100 rows bounds the table at 0.2 × 100 × 5 = 100 values.
        InputPartDescription[] narrow = [InputPartDescription.Embedding(99, 1)];
        InputPartDescription[] wide = [InputPartDescription.Embedding(99, 4)];
        AutomaticSettings.IdTablePriorFits(narrow, wide, 9_000, 100, [1]).ShouldBeTrue();
        AutomaticSettings.IdTablePriorFits(narrow, wide, 9_000, 99, [1]).ShouldBeFalse();
    }

    [Fact]
    public void Fit_IdLikeTableBeyondTheBound_TrainsAsLazyBitForBit()
    {
        var ml = new MLContext(seed: 1);
        // 400 users over 2,000 rows, id-like; with 2 hidden units and batches of 8 rows the rule's widths make a step of
        // 8 rows × ((1 + 46 + 6) × 2 + 2) = 864 multiply-adds, a fifth of which (173) is less than the narrow table's 802
        // values: no prior, the rule's width.
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(2000, 1, users: 400));
        var automatic = Options(null);
        automatic.HiddenLayers = [2];
        automatic.BatchSize = 8;
        var lazy = Options(SparseUpdates.Lazy);
        lazy.HiddenLayers = [2];
        lazy.BatchSize = 8;

        var model = KeyedRows.Train(ml, data, automatic);

        model.Embedding("UserKey").Width.ShouldBe(46);
        Vectors(model.Embedding("UserKey")).ShouldBe(Vectors(KeyedRows.Train(ml, data, lazy).Embedding("UserKey")));
    }

    // The prior and narrower width were measured to help with the moving-average adaptive optimizers only (InstEval 3-fold
    // CV and the synthetic id tables); with fixed steps or Adagrad's shrinking ones a narrow table's rarely seen rows barely
    // move (the synthetic ids' effects went unlearned), so those fits keep the earlier default: the rule's width, lazy steps.
    [Theory]
    [InlineData(OptimizerKind.Sgd, false)]
    [InlineData(OptimizerKind.Momentum, false)]
    [InlineData(OptimizerKind.Nesterov, false)]
    [InlineData(OptimizerKind.Adagrad, false)]
    [InlineData(OptimizerKind.Momentum, true)] // the micro-batch mode (the cluster's, bit for bit), which has no size bound
    public void Fit_IdLikeColumnWithoutAMovingAverageAdaptiveOptimizer_TrainsAsLazyBitForBit(OptimizerKind optimizer, bool microBatch)
    {
        var ml = new MLContext(seed: 1);
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(2000, 1, users: 400));
        BackpropTrainer.Options With(SparseUpdates? updates)
        {
            var options = Options(updates, optimizer);
            options.NumberOfEpochs = 3;
            return microBatch ? MicroBatch(options) : options;
        }

        var model = KeyedRows.Train(ml, data, With(null));

        model.Embedding("UserKey").Width.ShouldBe(46);
        Bits(model).ShouldBe(Bits(KeyedRows.Train(ml, data, With(SparseUpdates.Lazy))));
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.RmsProp)]
    public void Fit_IdLikeColumnWithAMovingAverageAdaptiveOptimizer_NarrowerTableWithThePrior(OptimizerKind optimizer)
    {
        var ml = new MLContext(seed: 1);
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(2000, 1, users: 400));
        // Without the prior at the same narrow width: the options name the width, SparseUpdates turns the prior off.
        var withoutPrior = Options(SparseUpdates.EveryRow, optimizer);
        withoutPrior.EmbeddingWidths["UserKey"] = 2;

        var table = KeyedRows.Train(ml, data, Options(null, optimizer)).Embedding("UserKey");

        table.Width.ShouldBe(2);
        MeanSquare(Vectors(table)).ShouldBeLessThan(MeanSquare(Vectors(KeyedRows.Train(ml, data, withoutPrior).Embedding("UserKey"))));
    }

    [Fact]
    public void Fit_IdLikeColumnUnderAutomaticUpdates_NarrowerTableThanWithExplicitUpdates()
    {
        var ml = new MLContext(seed: 1);
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(2000, 1, users: 400));
        var automatic = Options(null);
        automatic.NumberOfEpochs = 1;
        var lazy = Options(SparseUpdates.Lazy);
        lazy.NumberOfEpochs = 1;

        KeyedRows.Train(ml, data, automatic).Embedding("UserKey").Width.ShouldBe(2);
        KeyedRows.Train(ml, data, lazy).Embedding("UserKey").Width.ShouldBe(46);
    }

    private static BackpropTrainer.Options Options(SparseUpdates? updates, OptimizerKind optimizer = OptimizerKind.Adam) => new()
    {
        LabelColumnName = "Value", CategoricalColumnNames = ["UserKey", "ItemKey"], HiddenLayers = [16], NumberOfEpochs = 15, EnsembleSize = 1,
        Seed = 5, SparseUpdates = updates, Optimizer = optimizer,
    };

    private static float[] Vectors(EmbeddingTable table) => [.. Enumerable.Range(0, table.Names.Count).SelectMany(i => table.Vector(i).ToArray())];

    private static double MeanSquare(float[] values) => values.Average(v => (double)v * v);

    [Fact]
    public void Fit_IdLikeColumnUnderAutomaticUpdates_ItsRowsShrunkTowardsZero()
    {
        var ml = new MLContext(seed: 1);
        // 400 users over 2,000 rows (5 each): 400² > 1,800 training rows, an id-like column; 10 items are not.
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(2000, 1, users: 400));

        var automatic = KeyedRows.Train(ml, data, Options(null)).Embedding("UserKey");
        var lazy = KeyedRows.Train(ml, data, Options(SparseUpdates.Lazy)).Embedding("UserKey");

        // The lazy steps move a key seen five times as far as a common one; the prior pulls every row back each step.
        MeanSquare(Vectors(automatic)).ShouldBeLessThan(0.5 * MeanSquare(Vectors(lazy)));
    }

    [Fact]
    public void Fit_FewLevelColumnsUnderAutomaticUpdates_TrainAsLazyBitForBit()
    {
        var ml = new MLContext(seed: 1);
        // 30 users and 10 items over 3,000 rows: neither has more keys than √2,700 ≈ 52, so no table gets the prior.
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(3000, 1));

        var automatic = KeyedRows.Train(ml, data, Options(null));
        var lazy = KeyedRows.Train(ml, data, Options(SparseUpdates.Lazy));

        Vectors(automatic.Embedding("UserKey")).ShouldBe(Vectors(lazy.Embedding("UserKey")));
        Vectors(automatic.Embedding("ItemKey")).ShouldBe(Vectors(lazy.Embedding("ItemKey")));
    }

    [Fact]
    public void Fit_KeysIdLikeOnlyForTheNetworksRowsAfterItsHoldOut_TrainAsLazyBitForBit()
    {
        var ml = new MLContext(seed: 1);
        // 49 users over 2,500 rows: 49² = 2,401 ≤ 2,500, not id-like for the fit (its widths and size bound are decided
        // on all the rows), though more than √ of a network's 2,250 rows after the automatic hold-out. The prior must
        // follow the fit's decision: a table in that band got every-row steps at the rule's width, outside the bound.
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(2500, 1, users: 49));

        // Automatic epochs stop early, on the automatic hold-out (a tenth of the rows).
        var automatic = Options(null);
        automatic.NumberOfEpochs = null;
        var lazy = Options(SparseUpdates.Lazy);
        lazy.NumberOfEpochs = null;

        var model = KeyedRows.Train(ml, data, automatic);

        model.History.Settings!.TrainingRows.ShouldBe(2250);
        Vectors(model.Embedding("UserKey")).ShouldBe(Vectors(KeyedRows.Train(ml, data, lazy).Embedding("UserKey")));
    }

    [Fact]
    public void Fit_IdLikeColumnWithExplicitEveryRow_NoPrior()
    {
        var ml = new MLContext(seed: 1);
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(2000, 1, users: 400));

        // The prior belongs to the automatic choice: set explicitly, every-row steps carry the options' L2 (0) alone.
        var everyRow = KeyedRows.Train(ml, data, Options(SparseUpdates.EveryRow)).Embedding("UserKey");
        var automatic = KeyedRows.Train(ml, data, Options(null)).Embedding("UserKey");

        MeanSquare(Vectors(automatic)).ShouldBeLessThan(MeanSquare(Vectors(everyRow)));
    }

    // The micro-batch mode (the cluster's, bit for bit) updates every row every step whatever the rule: the same prior and
    // narrower widths under the automatic rule, with no size bound.
    private static BackpropTrainer.Options MicroBatch(BackpropTrainer.Options options, int microBatch = 16)
    {
        options.MicroBatchSize = microBatch;
        return options;
    }

    private static int[] Bits(BackpropModel model) => [.. model.Network.Parameters.SelectMany(p => p.Values).Select(BitConverter.SingleToInt32Bits)];

    [Fact]
    public void Fit_MicroBatchIdLikeColumnUnderAutomaticUpdates_NarrowerTableWithThePrior()
    {
        var ml = new MLContext(seed: 1);
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(2000, 1, users: 400));
        // Without the prior, at the same narrow width: the options name the width, SparseUpdates turns the prior off.
        var withoutPrior = MicroBatch(Options(SparseUpdates.EveryRow));
        withoutPrior.EmbeddingWidths["UserKey"] = 2;

        var automatic = KeyedRows.Train(ml, data, MicroBatch(Options(null)));
        var without = KeyedRows.Train(ml, data, withoutPrior).Embedding("UserKey");

        automatic.Embedding("UserKey").Width.ShouldBe(2);
        KeyedRows.Train(ml, data, MicroBatch(Options(SparseUpdates.Lazy))).Embedding("UserKey").Width.ShouldBe(46);
        automatic.Embedding("ItemKey").Width.ShouldBe(AutomaticSettings.EmbeddingWidth(10)); // 10 items: not id-like
        MeanSquare(Vectors(automatic.Embedding("UserKey"))).ShouldBeLessThan(0.5 * MeanSquare(Vectors(without))); // 0.19 of it here
    }

    [Fact]
    public void Fit_MicroBatchIdLikeTableBeyondTheInMemoryBound_StillNarrowerWithThePrior()
    {
        var ml = new MLContext(seed: 1);
        // Fit_IdLikeTableBeyondTheBound_TrainsAsLazyBitForBit's shape: in memory the table keeps lazy steps at the rule's
        // width; the micro-batch mode's steps visit every row anyway, so the bound does not apply.
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(2000, 1, users: 400));
        var automatic = MicroBatch(Options(null), microBatch: 8);
        automatic.HiddenLayers = [2];
        automatic.BatchSize = 8;
        automatic.NumberOfEpochs = 2;

        KeyedRows.Train(ml, data, automatic).Embedding("UserKey").Width.ShouldBe(2);
    }

    [Fact]
    public void Fit_MicroBatchFewLevelColumnsUnderAutomaticUpdates_TrainAsBeforeBitForBit()
    {
        var ml = new MLContext(seed: 1);
        // 30 users and 10 items over 3,000 rows: neither is id-like. Explicit Lazy trains as the automatic rule did before
        // the prior reached this mode (the mode updates every row whatever the rule).
        var data = KeyedRows.Mapped(ml, KeyedRows.Make(3000, 1));

        var automatic = KeyedRows.Train(ml, data, MicroBatch(Options(null)));
        var lazy = KeyedRows.Train(ml, data, MicroBatch(Options(SparseUpdates.Lazy)));

        Bits(automatic).ShouldBe(Bits(lazy));
        automatic.History.Epochs.Select(e => e.TrainingLoss).ShouldBe(lazy.History.Epochs.Select(e => e.TrainingLoss));
    }
}
