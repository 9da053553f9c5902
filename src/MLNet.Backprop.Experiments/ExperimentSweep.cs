using Microsoft.ML;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Experiments;

/// <summary>
/// An experiment sweep: trains every combination of a grid of options (learning rates × activations × optimizers ×
/// clipping × hidden layers, plus any custom axis) on the same data with the same seed, evaluates each model on test
/// data and returns the comparison. The classic exercise: change the learning rate or the activation and watch what it
/// does to the loss and the gradient flow.
/// </summary>
/// <remarks>
/// <para>Every run starts from a copy of <see cref="BaseOptions"/>, applies one value of each axis, and trains with
/// <see cref="BackpropTrainer.Options.Seed"/> = <see cref="Seed"/> (unless the base options set one) and
/// <see cref="BackpropTrainer.Options.NumberOfThreads"/> = 1. Runs go in parallel, up to
/// <see cref="MaxDegreeOfParallelism"/> at once; as training is bit-reproducible for a given seed, the results are
/// identical to a sequential run. <see cref="BackpropTrainer.Options.Progress"/> is not passed to the runs.</para>
/// <example>
/// <code>
/// var result = new ExperimentSweep(new BackpropTrainer.Options { NumberOfEpochs = 30, ValidationFraction = 0.15f })
///     .WithLearningRates(1e-1f, 1e-2f, 1e-3f)
///     .WithActivations(Activation.ReLU, Activation.Tanh, Activation.Sigmoid)
///     .Run(ml, featurizedTrain, featurizedTest);
/// Console.WriteLine(result.ToTable());
/// </code>
/// </example>
/// </remarks>
public sealed class ExperimentSweep
{
    private readonly List<SweepAxis> _axes = [];
    private int? _maxDegreeOfParallelism;

    /// <summary>Creates a sweep around <paramref name="baseOptions"/> (copied now; later changes to it are not seen).</summary>
    /// <param name="baseOptions">The options every run starts from; null for the defaults.</param>
    public ExperimentSweep(BackpropTrainer.Options? baseOptions = null)
    {
        BaseOptions = (baseOptions ?? new BackpropTrainer.Options()).Clone();
    }

    /// <summary>The options every run starts from (a copy of the constructor's argument).</summary>
    public BackpropTrainer.Options BaseOptions { get; }

    /// <summary>The seed of every run when <see cref="BaseOptions"/> does not set one. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Runs trained at once. Default: the processor count; ≥ 1 (1 runs them one after the other).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism ?? Environment.ProcessorCount;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, $"MaxDegreeOfParallelism must be at least 1; got {value}.");
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>Trains and evaluates one run. Tests replace it to make runs fail in an order no real data can force.</summary>
    internal Func<SweepConfiguration, IDataView, IDataView, SweepRun> RunOne { get; set; } = SweepRunner.Run;

    /// <summary>The axes of the grid, in the order they were added.</summary>
    public IReadOnlyList<SweepAxis> Axes => _axes;

    /// <summary>Number of runs: the product of the axes' sizes (1 without axes).</summary>
    public int Count => _axes.Aggregate(1, (n, a) => n * a.Values.Count); // at most int.MaxValue: WithAxis checks

    /// <summary>Varies <see cref="BackpropTrainer.Options.LearningRate"/>.</summary>
    /// <param name="values">The learning rates, each finite and &gt; 0.</param>
    public ExperimentSweep WithLearningRates(params float[] values) =>
        WithAxis("LearningRate", values, v => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), (o, v) => o.LearningRate = v);

    /// <summary>Varies <see cref="BackpropTrainer.Options.Activation"/>.</summary>
    /// <param name="values">The hidden-layer activations.</param>
    public ExperimentSweep WithActivations(params Activation[] values) =>
        WithAxis("Activation", values, v => v.ToString(), (o, v) => o.Activation = v);

    /// <summary>Varies <see cref="BackpropTrainer.Options.Optimizer"/>.</summary>
    /// <param name="values">The optimizers.</param>
    public ExperimentSweep WithOptimizers(params OptimizerKind[] values) =>
        WithAxis("Optimizer", values, v => v.ToString(), (o, v) => o.Optimizer = v);

    /// <summary>Varies <see cref="BackpropTrainer.Options.GradientClipNorm"/>; null means no clipping ("off").</summary>
    /// <param name="values">The clip norms, each finite and &gt; 0, or null for off.</param>
    public ExperimentSweep WithClipNorms(params float?[] values) =>
        WithAxis("ClipNorm", values, v => v is float f ? f.ToString("G3", System.Globalization.CultureInfo.InvariantCulture) : "off", (o, v) => o.GradientClipNorm = v);

    /// <summary>Varies <see cref="BackpropTrainer.Options.HiddenLayers"/>.</summary>
    /// <param name="values">The layer shapes, e.g. <c>[64, 32]</c>, each layer at least 1 unit; an empty array is a linear model.</param>
    /// <exception cref="ArgumentException">A shape is null (the message names its index).</exception>
    public ExperimentSweep WithHiddenLayers(params int[][] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        // The label reads each shape: a null one was a NullReferenceException from inside the label.
        int missing = Array.IndexOf(values, null);
        if (missing >= 0)
            throw new ArgumentException($"Axis 'HiddenLayers': value {missing} is null; use an empty array for a model without hidden layers.", nameof(values));
        return WithAxis("HiddenLayers", values, v => v.Length == 0 ? "linear" : string.Join('x', v), (o, v) => o.HiddenLayers = [.. v]);
    }

    /// <summary>Adds a custom axis: any option, labelled as you like.</summary>
    /// <typeparam name="T">Type of the axis values.</typeparam>
    /// <param name="name">Name of the axis (the table column header), e.g. "Dropout".</param>
    /// <param name="values">The values, at least one.</param>
    /// <param name="label">Short text for a value (the table cell and the run label).</param>
    /// <param name="apply">Sets a value on a run's options.</param>
    /// <exception cref="ArgumentException">No values, a null or blank name, an axis of that name already exists, two values
    /// have the same label, or the grid would hold more than <see cref="int.MaxValue"/> runs.</exception>
    public ExperimentSweep WithAxis<T>(string name, IEnumerable<T> values, Func<T, string> label, Action<BackpropTrainer.Options, T> apply)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(apply);
        if (_axes.Any(a => a.Name == name)) throw new ArgumentException($"The sweep already has an axis named '{name}'.", nameof(name));
        var list = values.Select(v => new SweepValue(label(v), o => apply(o, v))).ToList();
        if (list.Count == 0) throw new ArgumentException($"Axis '{name}' needs at least one value.", nameof(values));
        // The label is how the table, the plots' legends and the report tell the runs apart.
        for (int i = 1; i < list.Count; i++)
            if (list.FindIndex(0, i, v => v.Label == list[i].Label) is var same and >= 0)
                throw new ArgumentException($"Axis '{name}' labels values {same} and {i} alike ('{list[i].Label}'): the sweep's table and plots could not tell their runs apart.", nameof(label));
        if ((long)Count * list.Count is var runs && runs > int.MaxValue)
            throw new ArgumentException($"Axis '{name}' with {list.Count} values would make the grid {runs:N0} runs ({Count:N0} × {list.Count}); " +
                $"a sweep holds at most {int.MaxValue:N0}.", nameof(values));
        _axes.Add(new SweepAxis(name, list));
        return this;
    }

    /// <summary>Every run of the grid, first axis slowest, with its options (not trained yet).</summary>
    public IReadOnlyList<SweepConfiguration> Configurations()
    {
        var configurations = new List<SweepConfiguration>(Count);
        var index = new int[_axes.Count];
        for (int run = 0; run < Count; run++)
        {
            var options = BaseOptions.Clone();
            var settings = new Dictionary<string, string>();
            for (int a = 0; a < _axes.Count; a++)
            {
                var value = _axes[a].Values[index[a]];
                value.Apply(options);
                settings[_axes[a].Name] = value.Label;
            }
            options.Seed ??= Seed;
            options.NumberOfThreads = 1;
            options.Progress = null;
            string label = settings.Count == 0 ? "base" : string.Join(", ", _axes.Select(a => $"{ShortName(a.Name)}={settings[a.Name]}"));
            configurations.Add(new SweepConfiguration(run, label, settings, options));
            for (int a = _axes.Count - 1; a >= 0; a--)
            {
                if (++index[a] < _axes[a].Values.Count) break;
                index[a] = 0;
            }
        }
        return configurations;
    }

    /// <summary>
    /// Trains and evaluates every run of the grid. The data should be featurized already (a feature vector and a label
    /// column as the options name them); it is cached in memory once and shared by all runs.
    /// </summary>
    /// <param name="ml">The context; used to cache the data.</param>
    /// <param name="train">Featurized training rows (the validation part, if any, is held out of these by
    /// <see cref="BackpropTrainer.Options.ValidationFraction"/>).</param>
    /// <param name="test">Featurized test rows, scored with ML.NET's evaluator for the task.</param>
    /// <param name="cancellationToken">Stops the sweep (the runs in progress stop at their next mini-batch).</param>
    /// <returns>One row per run, in grid order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A run's options are invalid, or the test data's label column is missing
    /// or of another type (checked before any training).</exception>
    /// <exception cref="ArgumentException">The test data has no labelled row, or one class only for a binary task, or one
    /// label value for a regression (AUC or R² would be undefined), or its feature or categorical columns are of other types than the training data's, or
    /// a test row holds a NaN or infinite feature (no run could score them; the message names the column and the row);
    /// checked before any training.</exception>
    /// <exception cref="Exception">A run's training failed for another reason than divergence (a diverged run is recorded
    /// in <see cref="SweepRun.Error"/> and the sweep goes on): the trainer's exception, of the lowest failing run index,
    /// whatever the parallelism (runs above it that have not started are not trained).</exception>
    /// <exception cref="OperationCanceledException">The sweep was cancelled.</exception>
    public SweepResult Run(MLContext ml, IDataView train, IDataView test, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var configurations = Configurations();
        var tasks = new HashSet<(BackpropTask Task, string Label)>();
        foreach (var c in configurations)
        {
            c.Options.CancellationToken = cancellationToken;
            var trainer = new BackpropTrainer(ml, c.Options); // validates every run's options before any training
            tasks.Add((trainer.TaskFor(train.Schema), c.Options.LabelColumnName));
        }
        // The test rows must give every run's metrics: ML.NET's evaluator fails on one class only after the runs trained.
        foreach (var (task, label) in tasks) Integration.Data.MetricLabels.Verify(test, label, task, "test data", "the runs' evaluation", nameof(test));
        foreach (var options in configurations.Select(c => c.Options).DistinctBy(o => (o.FeatureColumnName, string.Join('\n', o.CategoricalColumnNames))))
            SweepTestFeatures.Verify(test, train.Schema, options, nameof(test)); // a scan of the test rows per distinct set of input columns

        var cachedTrain = ml.Data.Cache(train);
        var cachedTest = ml.Data.Cache(test);
        Fill(cachedTrain);
        Fill(cachedTest);

        var runs = new SweepRun[configurations.Count];
        var failures = new Exception?[configurations.Count];
        var first = new FirstFailure();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        try
        {
            Parallel.ForEach(configurations, parallel, c =>
            {
                if (first.Skips(c.Index)) return;
                try
                {
                    runs[c.Index] = RunOne(c, cachedTrain, cachedTest);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures[c.Index] = e;
                    first.Add(c.Index);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        // A run that failed (not diverged: a data or option error found by its Fit) ends the sweep with its own exception,
        // the one of the lowest index, as one run at a time would: which runs were in flight together is a matter of timing.
        if (Array.FindIndex(failures, f => f is not null) is var failed and >= 0)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failures[failed]!).Throw();
        return new SweepResult(_axes.Select(a => a.Name).ToList(), runs);
    }

    private static void Fill(IDataView data)
    {
        using var cursor = data.GetRowCursor(data.Schema);
        while (cursor.MoveNext()) { }
    }

    private static string ShortName(string axis) => axis switch
    {
        "LearningRate" => "lr",
        "Activation" => "act",
        "Optimizer" => "opt",
        "ClipNorm" => "clip",
        "HiddenLayers" => "hidden",
        _ => axis,
    };
}
