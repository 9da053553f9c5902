using System.Globalization;

namespace MLNet.Backprop.Experiments;

/// <summary>
/// What <see cref="BackpropTuner"/> searches: every trial draws each setting independently, uniformly from the lists
/// and log-uniformly from the learning-rate range, with the tuner's seed. The defaults span what the benchmark suite
/// (tests/MLNet.Backprop.Quality) found useful on 16 real data sets.
/// </summary>
public sealed class TuningSpace
{
    /// <summary>Hidden-layer shapes to try. Default { [64], [128], [256], [64, 32], [128, 64], [256, 128], [256, 256] };
    /// at least one shape, each valid for <see cref="BackpropTrainer.Options.HiddenLayers"/>.</summary>
    public IReadOnlyList<int[]> HiddenLayers { get; set; } = [[64], [128], [256], [64, 32], [128, 64], [256, 128], [256, 256]];

    /// <summary>Smallest learning rate. Default 3e-4; &gt; 0 and ≤ <see cref="MaximumLearningRate"/>.</summary>
    public float MinimumLearningRate { get; set; } = 3e-4f;

    /// <summary>Largest learning rate. Default 1e-2; finite and ≥ <see cref="MinimumLearningRate"/>. A drawn rate is
    /// rounded to three significant digits.</summary>
    public float MaximumLearningRate { get; set; } = 1e-2f;

    /// <summary>L2 penalties to try (<see cref="BackpropTrainer.Options.L2Regularization"/>). Default { 0, 1e-5, 1e-4, 1e-3 };
    /// at least one value, each finite and ≥ 0.</summary>
    public IReadOnlyList<float> L2Regularization { get; set; } = [0f, 1e-5f, 1e-4f, 1e-3f];

    /// <summary>Dropout rates to try (<see cref="BackpropTrainer.Options.Dropout"/>). Default { 0, 0.1, 0.2, 0.3 }; at
    /// least one value, each in [0, 1).</summary>
    public IReadOnlyList<float> Dropout { get; set; } = [0f, 0.1f, 0.2f, 0.3f];

    /// <summary>Mini-batch sizes to try (<see cref="BackpropTrainer.Options.BatchSize"/>). Default { 32, 64, 128, 256 }; at
    /// least one value, each ≥ 1.</summary>
    public IReadOnlyList<int> BatchSize { get; set; } = [32, 64, 128, 256];

    /// <summary>Factors on the automatic embedding-table widths to try
    /// (<see cref="BackpropTrainer.Options.EmbeddingWidthScale"/>), drawn only when the base options name
    /// <see cref="BackpropTrainer.Options.CategoricalColumnNames"/> (a search without them draws exactly as before).
    /// Default { 0.25, 0.5, 1, 2 }; at least one value (also when it is not drawn), each in [0.05, 16]. Columns given a width in
    /// <see cref="BackpropTrainer.Options.EmbeddingWidths"/> keep it.</summary>
    public IReadOnlyList<float> EmbeddingWidthScale { get; set; } = [0.25f, 0.5f, 1f, 2f];

    /// <summary>How the features enter the first layer (<see cref="BackpropTrainer.Options.NumericEncoding"/>). Default
    /// empty: not searched, every trial keeps the base options' encoding (by default <see cref="Backprop.NumericEncoding.Auto"/>,
    /// which each trial's fit resolves). Each trial takes one of the values (drawn after the other settings when there are
    /// several, so the draws of a search without it are unchanged); Auto may be one of them, valid with any base options;
    /// an explicit value trains as it says, with the base options' <see cref="BackpropTrainer.Options.NumericScaling"/>
    /// Auto resolving to Standard;
    /// <see cref="Backprop.NumericEncoding.PiecewiseLinear"/> needs base options on the dense path, and
    /// <see cref="Backprop.NumericEncoding.Periodic"/> and <see cref="Backprop.NumericEncoding.PiecewiseLinearAndPeriodic"/> base
    /// options that train on the dense path in memory or streamed; PiecewiseLinear needs <see cref="BackpropTrainer.Options.NumericScaling"/>
    /// Standard or Auto, not RobustSmoothClip (Periodic and PiecewiseLinearAndPeriodic compose with RobustSmoothClip, every encoding with
    /// <see cref="BackpropTrainer.Options.LearnFeatureScales"/>). The tuner checks this before any trial.</summary>
    public IReadOnlyList<Backprop.NumericEncoding> NumericEncoding { get; set; } = [];

    /// <summary>Bins per feature for the trials with <see cref="Backprop.NumericEncoding.PiecewiseLinear"/> or PiecewiseLinearAndPeriodic
    /// (<see cref="BackpropTrainer.Options.NumericBins"/>). Default empty: the base options' value. Each in [2, 256].</summary>
    public IReadOnlyList<int> NumericBins { get; set; } = [];

    /// <summary>How the bin edges are chosen for the trials with <see cref="Backprop.NumericEncoding.PiecewiseLinear"/> or PiecewiseLinearAndPeriodic
    /// (<see cref="BackpropTrainer.Options.NumericBinning"/>). Default empty: the base options' value. A trial drawn
    /// without those encodings takes <see cref="Backprop.NumericBinning.Quantile"/> (the only value valid there).</summary>
    public IReadOnlyList<Backprop.NumericBinning> NumericBinning { get; set; } = [];

    /// <summary>Throws naming the first empty list or bad range, or an encoding the base options' mode refuses.</summary>
    internal void Validate(BackpropTrainer.Options baseOptions)
    {
        if (NumericEncoding is null) throw new ArgumentNullException(nameof(NumericEncoding), "TuningSpace.NumericEncoding is null; leave it empty not to search it.");
        foreach (var encoding in NumericEncoding)
            if (!Enum.IsDefined(encoding))
                throw new ArgumentOutOfRangeException(nameof(NumericEncoding), encoding, $"TuningSpace.NumericEncoding holds {encoding}, which is not a NumericEncoding.");
        if (NumericBins is null) throw new ArgumentNullException(nameof(NumericBins), "TuningSpace.NumericBins is null; leave it empty not to search it.");
        foreach (int bins in NumericBins)
            if (bins < 2 || bins > 256)
                throw new ArgumentOutOfRangeException(nameof(NumericBins), bins, $"TuningSpace.NumericBins holds {bins}; each must be in [2, 256].");
        if (NumericBinning is null) throw new ArgumentNullException(nameof(NumericBinning), "TuningSpace.NumericBinning is null; leave it empty not to search it.");
        foreach (var binning in NumericBinning)
            if (!Enum.IsDefined(binning))
                throw new ArgumentOutOfRangeException(nameof(NumericBinning), binning, $"TuningSpace.NumericBinning holds {binning}, which is not a NumericBinning.");
        // What the trainer refuses when it is created, said before any trial: every mode trains the encodings, on the dense path only.
        var encoded = NumericEncoding.Where(e => e is not (Backprop.NumericEncoding.None or Backprop.NumericEncoding.Auto)).ToList();
        if (baseOptions.SparseInput == true && encoded.Count > 0)
            throw new ArgumentOutOfRangeException(nameof(NumericEncoding), encoded[0],
                $"TuningSpace.NumericEncoding holds {encoded[0]}, which the base options refuse: SparseInput true (the encodings need the dense path).");
        if (baseOptions.NumericScaling == NumericScaling.RobustSmoothClip && NumericEncoding.Contains(Backprop.NumericEncoding.PiecewiseLinear))
            throw new ArgumentOutOfRangeException(nameof(NumericEncoding), Backprop.NumericEncoding.PiecewiseLinear,
                "TuningSpace.NumericEncoding holds PiecewiseLinear, whose quantile bins the robust scaling does not move (the trainer " +
                $"refuses the two together); the base options set NumericScaling {baseOptions.NumericScaling}.");
        if (HiddenLayers is null || HiddenLayers.Count == 0) throw new ArgumentException("TuningSpace.HiddenLayers needs at least one shape.", nameof(HiddenLayers));
        for (int i = 0; i < HiddenLayers.Count; i++)
            if (HiddenLayers[i] is null)
                throw new ArgumentException($"TuningSpace.HiddenLayers[{i}] is null; use an empty array for a model without hidden layers.", nameof(HiddenLayers));
        if (L2Regularization is null || L2Regularization.Count == 0) throw new ArgumentException("TuningSpace.L2Regularization needs at least one value.", nameof(L2Regularization));
        if (Dropout is null || Dropout.Count == 0) throw new ArgumentException("TuningSpace.Dropout needs at least one value.", nameof(Dropout));
        if (BatchSize is null || BatchSize.Count == 0) throw new ArgumentException("TuningSpace.BatchSize needs at least one value.", nameof(BatchSize));
        if (EmbeddingWidthScale is null || EmbeddingWidthScale.Count == 0)
            throw new ArgumentException("TuningSpace.EmbeddingWidthScale needs at least one value.", nameof(EmbeddingWidthScale));
        foreach (float scale in EmbeddingWidthScale)
            if (!(scale >= 0.05f && scale <= 16f))
                throw new ArgumentOutOfRangeException(nameof(EmbeddingWidthScale), scale, $"TuningSpace.EmbeddingWidthScale holds {scale}; each factor must be in [0.05, 16].");
        if (!(MinimumLearningRate > 0) || !(MaximumLearningRate >= MinimumLearningRate) || !float.IsFinite(MaximumLearningRate))
            throw new ArgumentOutOfRangeException(nameof(MinimumLearningRate), MinimumLearningRate,
                $"The learning-rate range must satisfy 0 < MinimumLearningRate ≤ MaximumLearningRate < ∞; got [{MinimumLearningRate}, {MaximumLearningRate}].");
        CheckValues(baseOptions);
    }

    /// <summary>Each listed value as the trainer checks it, on a copy of the base options: a value no trial drew was
    /// accepted unchecked (Dropout { 0, 1.5 } with one trial), and a drawn one was refused naming the trainer's option, not
    /// this list. Invalid base options are left to the tuner's trial 0, which names them.</summary>
    private void CheckValues(BackpropTrainer.Options baseOptions)
    {
        try
        {
            baseOptions.Clone().Validate();
        }
        catch (ArgumentException)
        {
            return;
        }
        CheckEach(baseOptions, nameof(HiddenLayers), HiddenLayers, (o, v) => o.HiddenLayers = [.. v], v => $"[{string.Join(", ", v)}]");
        CheckEach(baseOptions, nameof(L2Regularization), L2Regularization, (o, v) => o.L2Regularization = v, v => v.ToString(CultureInfo.InvariantCulture));
        CheckEach(baseOptions, nameof(Dropout), Dropout, (o, v) => o.Dropout = v, v => v.ToString(CultureInfo.InvariantCulture));
        CheckEach(baseOptions, nameof(BatchSize), BatchSize, (o, v) => o.BatchSize = v, v => v.ToString(CultureInfo.InvariantCulture));
    }

    private static void CheckEach<T>(BackpropTrainer.Options baseOptions, string list, IEnumerable<T> values, Action<BackpropTrainer.Options, T> apply, Func<T, string> label)
    {
        foreach (var value in values)
        {
            var options = baseOptions.Clone();
            apply(options, value);
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                string reason = e.Message.Split('\n')[0].Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
                throw new ArgumentOutOfRangeException(list, value, $"TuningSpace.{list} holds {label(value)}, which the trainer refuses (with the base options): {reason}");
            }
        }
    }

    /// <summary>Draws one trial's settings onto <paramref name="options"/> and returns them as labels.</summary>
    internal Dictionary<string, string> Draw(Random random, BackpropTrainer.Options options)
    {
        var hidden = HiddenLayers[random.Next(HiddenLayers.Count)];
        double logMin = Math.Log(MinimumLearningRate), logMax = Math.Log(MaximumLearningRate);
        float rate = (float)Math.Exp(logMin + random.NextDouble() * (logMax - logMin));
        // Three significant digits: the table shows what was trained.
        rate = float.Parse(rate.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        float l2 = L2Regularization[random.Next(L2Regularization.Count)];
        float dropout = Dropout[random.Next(Dropout.Count)];
        int batch = BatchSize[random.Next(BatchSize.Count)];
        options.HiddenLayers = [.. hidden];
        options.LearningRate = rate;
        options.L2Regularization = l2;
        options.Dropout = dropout;
        options.BatchSize = batch;
        // Drawn after the others, and only with categorical columns: the draws of a search without them are unchanged.
        if (options.CategoricalColumnNames.Length > 0) options.EmbeddingWidthScale = EmbeddingWidthScale[random.Next(EmbeddingWidthScale.Count)];
        // The same for the encoding: drawn only when searched.
        if (NumericEncoding.Count > 0) options.NumericEncoding = NumericEncoding[NumericEncoding.Count > 1 ? random.Next(NumericEncoding.Count) : 0];
        bool binned = options.NumericEncoding is Backprop.NumericEncoding.PiecewiseLinear or Backprop.NumericEncoding.PiecewiseLinearAndPeriodic;
        if (binned && NumericBins.Count > 0)
            options.NumericBins = NumericBins[NumericBins.Count > 1 ? random.Next(NumericBins.Count) : 0];
        if (binned && NumericBinning.Count > 0)
            options.NumericBinning = NumericBinning[NumericBinning.Count > 1 ? random.Next(NumericBinning.Count) : 0];
        if (!binned) options.NumericBinning = Backprop.NumericBinning.Quantile;
        return Describe(options);
    }

    /// <summary>The searched settings of <paramref name="options"/> as labels.</summary>
    internal static Dictionary<string, string> Describe(BackpropTrainer.Options options)
    {
        var settings = new Dictionary<string, string>
        {
            ["HiddenLayers"] = options.HiddenLayers.Length == 0 ? "linear" : string.Join('x', options.HiddenLayers),
            ["LearningRate"] = options.LearningRate.ToString("G3", CultureInfo.InvariantCulture),
            ["L2"] = options.L2Regularization.ToString("G3", CultureInfo.InvariantCulture),
            ["Dropout"] = options.Dropout.ToString("G3", CultureInfo.InvariantCulture),
            ["BatchSize"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
        };
        if (options.CategoricalColumnNames.Length > 0)
            settings["EmbeddingWidthScale"] = options.EmbeddingWidthScale.ToString("G3", CultureInfo.InvariantCulture);
        // The default (Auto) goes unlabelled, as None did when it was the default; None is then labelled, so that a search
        // of both tells them apart.
        if (options.NumericEncoding != Defaults.NumericEncoding) settings["NumericEncoding"] = options.NumericEncoding.ToString();
        if (options.NumericEncoding is not (Backprop.NumericEncoding.None or Backprop.NumericEncoding.Auto))
            settings["NumericBins"] = options.NumericBins.ToString(CultureInfo.InvariantCulture);
        if (options.NumericBinning != Backprop.NumericBinning.Quantile) settings["NumericBinning"] = options.NumericBinning.ToString();
        return settings;
    }
}
