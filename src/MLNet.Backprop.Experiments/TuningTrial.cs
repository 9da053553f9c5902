namespace MLNet.Backprop.Experiments;

/// <summary>One configuration tried by <see cref="BackpropTuner"/> and its cross-validation scores so far.</summary>
public sealed class TuningTrial
{
    internal TuningTrial(int index, IReadOnlyDictionary<string, string> settings, BackpropTrainer.Options options, IReadOnlyList<double> foldScores,
        TimeSpan elapsed, string? error)
    {
        Index = index;
        Settings = settings;
        Options = options;
        FoldScores = foldScores;
        Elapsed = elapsed;
        Error = error;
    }

    /// <summary>Position in the trial sequence; trial 0 is the base options unchanged.</summary>
    public int Index { get; }

    /// <summary>The searched settings as text: HiddenLayers, LearningRate, L2, Dropout and BatchSize always;
    /// EmbeddingWidthScale when the options name categorical columns; NumericEncoding when it is not the default Auto,
    /// NumericBins when the encoding is neither None nor Auto, NumericBinning when it is not Quantile.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The complete options of the trial (a copy).</summary>
    public BackpropTrainer.Options Options { get; }

    /// <summary>The score on each fold evaluated so far, in fold order (successive halving stops weaker trials early).</summary>
    public IReadOnlyList<double> FoldScores { get; }

    /// <summary>Mean of <see cref="FoldScores"/> (NaN before the first fold or when the trial failed).</summary>
    public double Score => Error is null && FoldScores.Count > 0 ? FoldScores.Average() : double.NaN;

    /// <summary>Training and scoring time of the folds evaluated so far.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Why the trial failed, or null: its training diverged in a fold, or a fold's metric was not finite
    /// (undefined for that fold's rows). Another training error stops the whole search instead
    /// (<see cref="BackpropTuner.Tune"/>).</summary>
    public string? Error { get; }

    /// <summary>The settings and the score so far.</summary>
    public override string ToString() =>
        $"trial {Index} ({string.Join(", ", Settings.Select(s => $"{s.Key}={s.Value}"))}): " +
        (Error is null ? $"{Score:F4} over {FoldScores.Count} fold(s)" : "failed: " + Error);
}
