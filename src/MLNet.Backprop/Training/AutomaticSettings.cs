using MLNet.Backprop.Network.Inputs;

namespace MLNet.Backprop.Training;

/// <summary>
/// What the trainer's automatic settings resolve to for a data set of a given size (the values are
/// <see cref="Defaults"/>'): the hold-out, the epoch budget and the patience. Measured on the benchmark suite
/// (tests/MLNet.Backprop.Quality), not chosen by habit.
/// </summary>
internal static class AutomaticSettings
{
    /// <summary>The automatic hold-out share for <paramref name="rows"/> training rows of <paramref name="task"/>:
    /// <see cref="Defaults.AutomaticValidationFraction"/> when that holds out at least <see cref="Defaults.MinimumValidationRows"/>
    /// rows. Below: 0 for regression; for classification the share that holds out that many rows, when it is at most
    /// <see cref="Defaults.MaximumAutomaticValidationFraction"/>, else 0 (why: <see cref="Defaults.MaximumAutomaticValidationFraction"/>).</summary>
    public static float HoldOut(long rows, BackpropTask task)
    {
        if (rows * (double)Defaults.AutomaticValidationFraction >= Defaults.MinimumValidationRows) return Defaults.AutomaticValidationFraction;
        if (task == BackpropTask.Regression || rows <= 0) return 0f;
        double share = Defaults.MinimumValidationRows / (double)rows;
        return share <= Defaults.MaximumAutomaticValidationFraction ? (float)share : 0f;
    }

    /// <summary>The fewest training rows in memory from which <paramref name="task"/> gets an automatic hold-out
    /// (<see cref="HoldOut"/>): 200 for regression, 160 for classification.</summary>
    public static long MinimumHoldOutRows(BackpropTask task) => (long)Math.Ceiling(Defaults.MinimumValidationRows
        / (double)(task == BackpropTask.Regression ? Defaults.AutomaticValidationFraction : Defaults.MaximumAutomaticValidationFraction));

    /// <summary>The automatic width of an embedding table for a categorical column of <paramref name="keys"/> values:
    /// min(600, round(1.6·n^0.56)), fast.ai's tabular rule (2 values → 2, 14 → 7, 50 → 14, 1,128 → 82, 2,972 → 141).
    /// <paramref name="keys"/> is the key type's count, without the table's row for a missing or unseen key.</summary>
    public static int EmbeddingWidth(int keys) => (int)Math.Min(600, Math.Max(1, Math.Round(1.6 * Math.Pow(keys, 0.56))));

    /// <summary>The automatic width times <paramref name="scale"/> (<see cref="BackpropTrainer.Options.EmbeddingWidthScale"/>),
    /// rounded, within [1, <paramref name="most"/>]; exactly the rule's width for a scale of 1.</summary>
    public static int EmbeddingWidth(int keys, float scale, int most) => EmbeddingWidth(keys, scale, most, idRows: null);

    /// <summary>The automatic width as above, narrower for an id-like column (<see cref="IdLikeKeys"/>) when
    /// <paramref name="idRows"/> gives the training rows: at most √(rows ÷ keys) values (at least 1), so that the every-row
    /// steps of its prior (<see cref="IdTablePrior"/>) cost about what the lazy steps of the wide table did, and a key seen
    /// r times on average gets about √r values; null: the rule's width alone.</summary>
    public static int EmbeddingWidth(int keys, float scale, int most, long? idRows)
    {
        int width = EmbeddingWidth(keys);
        if (idRows is long rows && keys >= IdLikeKeys(rows))
            width = Math.Min(width, (int)Math.Max(1, Math.Round(Math.Sqrt(rows / (double)keys))));
        return scale == 1f ? width : (int)Math.Clamp(Math.Round(scale * (double)width), 1, most);
    }

    /// <summary>The fewest keys that make a categorical column id-like for <paramref name="rows"/> training rows: more keys
    /// than √rows (keys² &gt; rows), so that a key has fewer rows on average than there are keys. Ids (students, lecturers,
    /// products) grow with the data and qualify; a few levels (states, grades, a house's style) do not.</summary>
    public static int IdLikeKeys(long rows) => (int)Math.Min(int.MaxValue, (long)Math.Floor(Math.Sqrt(Math.Max(0, rows))) + 1);

    /// <summary>Whether the every-row steps of the id-like tables among <paramref name="narrow"/> (their narrower widths,
    /// <see cref="EmbeddingWidth(int, float, int, long?)"/>) cost about no more than the lazy steps of the rule's widths
    /// (<paramref name="wide"/>, the earlier default) did: the tables' values (rows × width, summed) at most
    /// <see cref="Defaults.IdTablePriorStepShare"/> × the batch's rows × the weights of the network over
    /// <paramref name="wide"/> (the first layer over every part's rows, each hidden layer, one output), the multiply-adds of
    /// that step's pass over the batch. The every-row steps' cost grows with the table's keys; the lazy step's with its
    /// width, which stops growing at 600.</summary>
    public static bool IdTablePriorFits(IReadOnlyList<InputPartDescription> narrow, IReadOnlyList<InputPartDescription> wide, long rows, int batchSize,
        IReadOnlyList<int> hiddenLayers)
    {
        int idLike = IdLikeKeys(rows);
        double tableValues = narrow.Where(p => p.Kind == InputKind.Embedding && p.Slots - 1 >= idLike).Sum(p => (double)p.Slots * p.Rows);
        double weights = 0, previous = wide.Sum(p => (double)p.Rows);
        foreach (int units in hiddenLayers.Append(1))
        {
            weights += previous * units;
            previous = units;
        }
        return tableValues <= Defaults.IdTablePriorStepShare * Math.Min(batchSize, Math.Max(1, rows)) * weights;
    }

    /// <summary>Whether <paramref name="optimizer"/> gets the id-like tables' prior and narrower width: the optimizers
    /// that scale each weight's step by a moving average of its squared gradients (Adam, AdamW, RMSprop), with which both
    /// helped on InstEval's ids and the synthetic id tables. A narrow table's rarely seen rows get small gradients; fixed
    /// steps (SGD, momentum, Nesterov) and Adagrad's ever-shrinking ones barely move them, so the ids' effects went
    /// unlearned on the synthetic tables (2,000 user keys × 5 rows, 20 epochs: test RMSE 0.63-0.64, about the effects' spread,
    /// against 0.29-0.57 with the rule's widths and lazy steps):
    /// those keep the earlier default.</summary>
    public static bool IdTablePriorSuits(OptimizerKind optimizer) => optimizer is OptimizerKind.Adam or OptimizerKind.AdamW or OptimizerKind.RmsProp;

    /// <summary>The L2 prior of an id-like table under the automatic <see cref="BackpropTrainer.Options.SparseUpdates"/>:
    /// <see cref="Defaults.IdTablePriorRows"/> ÷ <paramref name="rows"/> (the network's training rows), on every row every
    /// step, so a key's pull towards zero weighs about as much as that many rows of it.</summary>
    public static float IdTablePrior(long rows) => rows > 0 ? (float)(Defaults.IdTablePriorRows / rows) : 0f;

    /// <summary>Mini-batches per epoch.</summary>
    public static long BatchesPerEpoch(long rows, int batchSize) => Math.Max(1, (rows + batchSize - 1) / batchSize);

    /// <summary>Enough epochs for about <see cref="Defaults.StepBudget"/> steps, within
    /// [<see cref="Defaults.MinimumEpochs"/>, <see cref="Defaults.MaximumEpochs"/>].</summary>
    public static int Epochs(long rows, int batchSize)
    {
        long epochs = (Defaults.StepBudget + BatchesPerEpoch(rows, batchSize) - 1) / BatchesPerEpoch(rows, batchSize);
        return (int)Math.Clamp(epochs, Defaults.MinimumEpochs, Defaults.MaximumEpochs);
    }

    /// <summary><see cref="Defaults.Patience"/> epochs, or as many as make <see cref="Defaults.PatienceSteps"/> steps.</summary>
    public static int Patience(long rows, int batchSize)
    {
        long batches = BatchesPerEpoch(rows, batchSize);
        return (int)Math.Max(Defaults.Patience, (Defaults.PatienceSteps + batches - 1) / batches);
    }
}
