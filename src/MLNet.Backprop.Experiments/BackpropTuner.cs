using System.Diagnostics;
using Microsoft.ML;
using MLNet.Backprop.Experiments.Tuning;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Experiments;

/// <summary>
/// Searches for the best MLP for a data set: draws trial configurations (hidden layers, learning rate, L2, dropout,
/// batch size, the embedding tables' width when the base options name categorical columns, and the numeric encoding,
/// its bins and their binning when <see cref="TuningSpace.NumericEncoding"/>, <see cref="TuningSpace.NumericBins"/> or
/// <see cref="TuningSpace.NumericBinning"/> list values; see <see cref="Space"/>) around <see cref="BaseOptions"/> and
/// scores each by stratified k-fold
/// cross-validation on the training data it is given, nothing else: AUC (binary), macro-accuracy (multiclass) or R²
/// (regression), the mean over folds. Trial 0 is the base options unchanged: with
/// <see cref="TuningStrategy.RandomSearch"/> the winner's mean is never below trial 0's; with
/// <see cref="TuningStrategy.SuccessiveHalving"/> trial 0 competes like the others and may be dropped after a fold, so
/// the winner (the best mean among the trials scored on every fold) can score below what trial 0 would have.
/// </summary>
/// <remarks>
/// <para>Deterministic for a <see cref="Seed"/>: the trials, the folds and every training run are fixed by it, and
/// trials run in parallel (each on one thread) with the same results as one after the other. A
/// <see cref="TimeBudget"/> makes the number of folds scored depend on the machine.</para>
/// <example>
/// <code>
/// var result = new BackpropTuner { NumberOfTrials = 16, Seed = 0 }.Tune(ml, featurizedTrain);
/// Console.Write(result.ToTable());
/// var model = new BackpropTrainer(ml, result.BestOptions).Fit(featurizedTrain);
/// </code>
/// </example>
/// </remarks>
/// <example>
/// <code language="csharp"><![CDATA[
/// using Microsoft.ML;
/// using MLNet.Backprop;
/// using MLNet.Backprop.Experiments;
///
/// // trainData: featurized training rows only (the test rows stay unseen until the end).
/// var tuner = new BackpropTuner(new BackpropTrainer.Options { LabelColumnName = "Label" })
/// {
///     NumberOfTrials = 16,
///     Seed = 0,
///     Progress = trial => Console.WriteLine(trial),
/// };
/// tuner.Space.HiddenLayers = [[32], [64], [64, 32]];
/// TuningResult result = tuner.Tune(ml, trainData);
/// Console.Write(result.ToTable());                    // every trial: settings, fold scores, mean ± std, time
/// BackpropTransformer model = new BackpropTrainer(ml, result.BestOptions).Fit(trainData);
/// ]]></code>
/// </example>
public sealed class BackpropTuner
{
    private const int Reduction = 2; // successive halving keeps the better half after each fold
    private int _trials = 16, _folds = 3;
    private int? _maxDegreeOfParallelism;
    private TimeSpan? _timeBudget;

    /// <summary>Creates a tuner around <paramref name="baseOptions"/> (copied now; null for the defaults).</summary>
    /// <param name="baseOptions">The options every trial starts from: column names, task, epochs, early stopping...</param>
    public BackpropTuner(BackpropTrainer.Options? baseOptions = null)
    {
        BaseOptions = (baseOptions ?? new BackpropTrainer.Options()).Clone();
    }

    /// <summary>The options every trial starts from (a copy of the constructor's argument).</summary>
    public BackpropTrainer.Options BaseOptions { get; }

    /// <summary>The settings searched and their ranges.</summary>
    public TuningSpace Space { get; } = new();

    /// <summary>Seed of the trial draws, the folds and (unless <see cref="BaseOptions"/> sets one) every training run. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Trials drawn, trial 0 being <see cref="BaseOptions"/>. Default 16; in [1, 100,000] (every trial is drawn
    /// and checked before any training: with a <see cref="TimeBudget"/>, set the most trials the budget might reach).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1 or more than 100,000.</exception>
    public int NumberOfTrials
    {
        get => _trials;
        // int.MaxValue ("as many as the time budget allows") ran out of memory drawing the trials up front.
        set => _trials = value >= 1 && value <= MaxTrials ? value : throw new ArgumentOutOfRangeException(nameof(NumberOfTrials), value,
            $"NumberOfTrials must be in [1, {MaxTrials:N0}] (every trial is drawn and checked before any training; with a TimeBudget, set the most " +
            $"trials it might reach); got {value:N0}.");
    }

    /// <summary>The most trials one search draws.</summary>
    internal const int MaxTrials = 100_000;

    /// <summary>Cross-validation folds. Default 3; ≥ 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 2.</exception>
    public int NumberOfFolds
    {
        get => _folds;
        set => _folds = value >= 2 ? value : throw new ArgumentOutOfRangeException(nameof(NumberOfFolds), value, $"NumberOfFolds must be at least 2; got {value}.");
    }

    /// <summary>How the folds are spent. Default <see cref="TuningStrategy.SuccessiveHalving"/>.</summary>
    public TuningStrategy Strategy { get; set; } = TuningStrategy.SuccessiveHalving;

    /// <summary>No fold is started after this much time; the best is then chosen among the trials scored on the most
    /// folds. Default null (no limit: the result depends on the seed only); otherwise &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or a negative time (no fit could start: the search would
    /// cache the data and split the folds, then fail with no trial scored).</exception>
    public TimeSpan? TimeBudget
    {
        get => _timeBudget;
        set => _timeBudget = value is not { } budget || budget > TimeSpan.Zero ? value
            : throw new ArgumentOutOfRangeException(nameof(TimeBudget), value,
                $"TimeBudget must be positive (or null for no limit); got {budget}: no fit could start within it.");
    }

    /// <summary>Fits run at once. Default: the processor count; ≥ 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism ?? Environment.ProcessorCount;
        set => _maxDegreeOfParallelism = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, $"MaxDegreeOfParallelism must be at least 1; got {value}.");
    }

    /// <summary>Called with a trial each time one of its folds is scored: synchronously, on the thread that scored it,
    /// one call at a time (calls from the tuner's parallel trials are serialised, so the callback needs no lock), as
    /// <see cref="BackpropTrainer.Options.Progress"/> is. Default null. Write <c>Progress = t =&gt; Console.WriteLine(t)</c>.</summary>
    public Action<TuningTrial>? Progress { get; set; }

    /// <summary>The trials' options, not trained yet: trial 0 is <see cref="BaseOptions"/>, the others drawn from
    /// <see cref="Space"/> with <see cref="Seed"/>.</summary>
    /// <exception cref="ArgumentException">A list of <see cref="Space"/> is null or empty (<see cref="TuningSpace.NumericEncoding"/>,
    /// <see cref="TuningSpace.NumericBins"/> and <see cref="TuningSpace.NumericBinning"/> may be empty, not null); the
    /// message names it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value or range of <see cref="Space"/> is out of its valid range, or
    /// <see cref="TuningSpace.NumericEncoding"/> holds an encoding the base options refuse (the message names it).</exception>
    public IReadOnlyList<(IReadOnlyDictionary<string, string> Settings, BackpropTrainer.Options Options)> DrawTrials()
    {
        Space.Validate(BaseOptions);
        var random = new Random(Seed);
        var trials = new List<(IReadOnlyDictionary<string, string>, BackpropTrainer.Options)>(NumberOfTrials);
        for (int i = 0; i < NumberOfTrials; i++)
        {
            var options = BaseOptions.Clone();
            var settings = i == 0 ? TuningSpace.Describe(options) : Space.Draw(random, options);
            options.Seed ??= Seed;
            options.NumberOfThreads = 1;
            options.Progress = null;
            trials.Add((settings, options));
        }
        return trials;
    }

    /// <summary>Cross-validates every trial on <paramref name="trainData"/> and returns the best options and the table of trials.</summary>
    /// <param name="ml">The context; used to cache the data.</param>
    /// <param name="trainData">Featurized training rows (a feature vector and a label column as the base options name them).
    /// Only these rows are used: keep the test data out.</param>
    /// <param name="cancellationToken">Stops the search (fits in progress stop at their next mini-batch).</param>
    /// <exception cref="ArgumentException">A list of <see cref="Space"/> is null or empty (see <see cref="DrawTrials"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A trial's options are invalid, or a value or range of
    /// <see cref="Space"/> is (checked before any training).</exception>
    /// <exception cref="InvalidOperationException">A row's features are NaN, infinite or beyond ±1e15 and
    /// <see cref="BackpropTrainer.Options.SkipRowsWithNonFiniteFeatures"/> is off (the message names the row of
    /// <paramref name="trainData"/>; with it on, such rows are left out of every fold); a regression label is infinite or an
    /// example weight NaN, negative or beyond 1e30 (named by the row of <paramref name="trainData"/>); no row has a label; a fold cannot give its metric (a class, or varying labels, missing from
    /// its held-out rows, or a single class left to train on: the message names the fold and suggests a lower
    /// <see cref="NumberOfFolds"/>; checked before any training), or no trial was scored.</exception>
    /// <exception cref="Exception">A trial's training failed for another reason than divergence (the data cannot be trained
    /// on, for example): the trainer's exception, of the lowest failing trial index in the fold, whatever the parallelism.
    /// A trial that diverges is recorded as failed (<see cref="TuningTrial.Error"/>) and the search goes on.</exception>
    /// <exception cref="OperationCanceledException">The search was cancelled.</exception>
    public TuningResult Tune(MLContext ml, IDataView trainData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(trainData);
        var drawn = DrawTrials();
        foreach (var (_, options) in drawn)
        {
            options.CancellationToken = cancellationToken;
            _ = new BackpropTrainer(ml, options); // every trial's options are checked before any training
        }
        // The trainer's own reading of the label column: its task, and its labels for the stratification.
        var task = new BackpropTrainer(ml, BaseOptions).TaskFor(trainData.Schema);
        var data = ml.Data.Cache(trainData);
        using (var cursor = data.GetRowCursor(data.Schema)) while (cursor.MoveNext()) { } // cached once, before the parallel fits
        var folds = StratifiedFolds.Create(data, BaseOptions.LabelColumnName, task, NumberOfFolds, Seed);
        var unusable = FeatureCheck.Unusable(data, BaseOptions);
        FoldCheck.Verify(folds, task, BaseOptions.LabelColumnName, unusable);
        RowValueCheck.Verify(data, BaseOptions, folds, unusable);
        var splits = Enumerable.Range(0, NumberOfFolds).Select(f => folds.Split(data, f, unusable)).ToArray();

        var states = drawn.Select((d, i) => new TrialState(i, d.Settings, d.Options)).ToArray();
        var clock = Stopwatch.StartNew();
        var alive = states.ToList();
        for (int fold = 0; fold < NumberOfFolds; fold++)
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism, CancellationToken = cancellationToken };
            var (train, test) = splits[fold];
            int f = fold;
            var failed = new FirstFailure();
            Run(() => Parallel.ForEach(alive, parallel, state =>
            {
                if (TimeBudget is TimeSpan budget && clock.Elapsed > budget) return;
                if (failed.Skips(state.Index)) return;
                state.Evaluate(f, train, test);
                if (state.Failure is not null) failed.Add(state.Index);
                if (Progress is { } report)
                    lock (clock) report(state.Snapshot()); // the one object every trial of this run shares
            }));
            // A trial that failed (not diverged: a data or option error) stops the search with its own exception, the one of
            // the lowest trial index, as one trial at a time would: which trials ran into it first is a matter of timing.
            if (alive.Where(s => s.Failure is not null).MinBy(s => s.Index) is { } first)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first.Failure!).Throw();
            alive = [.. alive.Where(s => s.Error is null && s.Scores.Count == fold + 1)];
            if (Strategy == TuningStrategy.SuccessiveHalving && fold < NumberOfFolds - 1)
                alive = [.. alive.OrderByDescending(s => s.Scores.Average()).ThenBy(s => s.Index).Take((alive.Count + Reduction - 1) / Reduction)];
            if (alive.Count == 0) break;
        }

        var trials = states.Select(s => s.Snapshot()).ToArray();
        int mostFolds = trials.Where(t => t.Error is null).Select(t => t.FoldScores.Count).DefaultIfEmpty(0).Max();
        if (mostFolds == 0)
            throw new InvalidOperationException("No trial was scored on a single fold: " +
                (trials.FirstOrDefault(t => t.Error is not null)?.Error ?? "the time budget ran out before the first fit ended."));
        var best = trials.Where(t => t.Error is null && t.FoldScores.Count == mostFolds).OrderByDescending(t => t.Score).ThenBy(t => t.Index).First();
        return new TuningResult(FoldScorer.MetricName(task), trials, best, NumberOfFolds);
    }

    private static void Run(Action action)
    {
        try
        {
            action();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>A trial's scores so far; each fold is scored by one thread at a time.</summary>
    private sealed class TrialState(int index, IReadOnlyDictionary<string, string> settings, BackpropTrainer.Options options)
    {
        private readonly object _gate = new();
        private TimeSpan _elapsed;

        public int Index => index;

        public List<double> Scores { get; } = [];

        public string? Error { get; private set; }

        /// <summary>An exception other than divergence (data or options), which stops the search.</summary>
        public Exception? Failure { get; private set; }

        public void Evaluate(int fold, IDataView train, IDataView test)
        {
            var watch = Stopwatch.StartNew();
            double score;
            string? error = null;
            try
            {
                score = FoldScorer.Score(options, train, test);
            }
            catch (TrainingDivergedException e)
            {
                score = double.NaN;
                error = $"fold {fold + 1}: {e.Message.Split(Environment.NewLine)[0]}";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failure = e;
                return;
            }
            // A metric the fold cannot define is an error of the trial, never a score (NaN would rank as anything).
            if (error is null && !double.IsFinite(score)) error = $"fold {fold + 1}: the metric is {score}, undefined for this fold's rows";
            lock (_gate)
            {
                _elapsed += watch.Elapsed;
                if (error is not null) Error = error;
                else Scores.Add(score);
            }
        }

        public TuningTrial Snapshot()
        {
            lock (_gate) return new TuningTrial(index, settings, options.Clone(), [.. Scores], _elapsed, Error);
        }
    }
}
