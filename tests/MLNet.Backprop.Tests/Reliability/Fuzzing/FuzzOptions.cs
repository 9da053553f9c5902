namespace MLNet.Backprop.Tests.Reliability.Fuzzing;

/// <summary>Random trainer options: every option drawn over its valid range (combinations the trainer may refuse
/// included), and in one case out of ten one option set to a value outside it.</summary>
internal static class FuzzOptions
{
    private static readonly (string Option, object? Value)[] Invalid =
    [
        ("HiddenLayers", new[] { 4, 0 }), ("LearningRate", float.NaN), ("LearningRate", -1f), ("BatchSize", 0), ("NumberOfEpochs", -3),
        ("Dropout", 1f), ("Momentum", 1.5f), ("Beta2", -0.1f), ("Epsilon", 0f), ("ValidationFraction", 0.9f), ("StreamingBlockSize", 0),
        ("EarlyStoppingPatience", 0), ("GradientClipNorm", float.PositiveInfinity), ("Seed", -5), ("NumberOfThreads", -1),
        ("Activation", (Activation)42), ("Loss", (LossFunction)42), ("ScheduleGamma", 0f), ("EluAlpha", float.NaN), ("LeakyReluSlope", 1f),
        ("InitialBias", float.PositiveInfinity), ("L2Regularization", -1f), ("HuberDelta", 0f), ("MinimumLearningRate", 100f),
    ];

    public static BackpropTrainer.Options Draw(Random r, FuzzCase.Shape shape, out string? invalid)
    {
        T Pick<T>(params T[] values) => values[r.Next(values.Length)];
        T Any<T>() where T : struct, Enum => Pick(Enum.GetValues<T>());
        bool Chance(double p) => r.NextDouble() < p;
        float learningRate = (float)Math.Pow(10, -4 + 5 * r.NextDouble());
        int epochs = r.Next(1, 5);
        var options = new BackpropTrainer.Options
        {
            LabelColumnName = Chance(0.01) ? "Missing" : "Label",
            FeatureColumnName = Chance(0.01) ? "Nope" : "Features",
            ExampleWeightColumnName = shape.WeightKind is not null || Chance(0.01) ? "W" : null,
            Task = Chance(0.92) ? BackpropTask.Auto : Any<BackpropTask>(),
            HiddenLayers = Chance(0.02) ? [50_000, 50_000] : Enumerable.Range(0, r.Next(0, 4)).Select(_ => r.Next(1, 13)).ToArray(),
            Activation = Any<Activation>(),
            LeakyReluSlope = (float)(0.3 * r.NextDouble()),
            EluAlpha = (float)(0.1 + 2 * r.NextDouble()),
            Initialization = Any<WeightInitialization>(),
            InitialBias = Chance(0.8) ? 0f : (float)r.NextDouble(),
            Loss = Chance(0.9) ? null : Any<LossFunction>(),
            HuberDelta = (float)(0.1 + 3 * r.NextDouble()),
            Optimizer = Any<OptimizerKind>(),
            LearningRate = learningRate,
            WeightDecay = Chance(0.8) ? null : (float)(0.1 * r.NextDouble()),
            LearningRateSchedule = Any<LearningRateScheduleKind>(),
            ScheduleStepSize = r.Next(1, 5),
            ScheduleGamma = (float)(0.1 + 0.9 * r.NextDouble()),
            MinimumLearningRate = Chance(0.5) ? 0f : learningRate / 10,
            BatchSize = Pick(1, 2, 7, 16, 32, 64, 256, 10_000),
            NumberOfEpochs = epochs,
            L2Regularization = Chance(0.9) ? 0f : 1e-3f,
            Dropout = Chance(0.8) ? 0f : 0.3f,
            GradientClipNorm = Chance(0.85) ? null : 1f,
            GradientClipValue = Chance(0.9) ? null : 0.5f,
            Seed = Chance(0.9) ? r.Next(1000) : null,
            NumberOfThreads = r.Next(0, 3),
            ValidationFraction = Chance(0.75) ? 0f : (float)(0.05 + 0.45 * r.NextDouble()),
            EarlyStoppingPatience = Chance(0.7) ? null : r.Next(1, 4),
            // Mostly a metric the task has (the trainer refuses the others before reading, which costs nothing to find).
            EarlyStoppingMetric = Chance(0.15) ? Any<EarlyStoppingMetric>() : shape.LabelKind switch
            {
                "Boolean" => Pick(EarlyStoppingMetric.Loss, EarlyStoppingMetric.Auc, EarlyStoppingMetric.Accuracy),
                "Key" => Pick(EarlyStoppingMetric.Loss, EarlyStoppingMetric.Accuracy),
                _ => EarlyStoppingMetric.Loss,
            },
            RestoreBestWeights = Chance(0.5),
            // Regression refuses class weighting before reading (the draw is kept, so every case's other values stay as they were).
            ClassWeighting = Chance(0.7) || shape.LabelKind == "Single" ? ClassWeighting.None : ClassWeighting.Balanced,
            SkipRowsWithNonFiniteFeatures = Chance(0.4),
            DataLoading = Chance(0.75) ? DataLoading.InMemory : DataLoading.Streaming,
            StreamingBlockSize = r.Next(1, 100),
            OnDivergence = Any<DivergenceBehavior>(),
            RecordDiagnostics = Chance(0.7),
        };
        // HuberDelta is refused for a loss other than Huber (drawn anyway, so every case's other values stay as they were).
        if (options.Loss != LossFunction.Huber) options.HuberDelta = Defaults.HuberDelta;
        if (options.EarlyStoppingMetric != EarlyStoppingMetric.Loss && options.ValidationFraction == 0f && Chance(0.8)) options.ValidationFraction = 0.2f;
        // Drawn as when a streamed hold-out was refused, so every case's other values stay as they were; now one case in ten
        // streams with its hold-out.
        if (options.DataLoading == DataLoading.Streaming && Chance(0.9)) options.ValidationFraction = 0f;
        // Batches of one row over many rows and epochs cost time without finding more: keep a case under ~3000 steps.
        if (options.BatchSize < 16 && options.NumberOfEpochs > 1) options.BatchSize = 16;
        invalid = null;
        if (Chance(0.1))
        {
            var (option, value) = Invalid[r.Next(Invalid.Length)];
            typeof(BackpropTrainer.Options).GetProperty(option)!.SetValue(options, value);
            invalid = option;
        }
        return options;
    }

    public static string Describe(BackpropTrainer.Options o) =>
        $"task={o.Task} hidden=[{string.Join(",", o.HiddenLayers ?? [])}] {o.Activation} {o.Optimizer} lr={o.LearningRate:G2} batch={o.BatchSize} " +
        $"epochs={o.NumberOfEpochs} loss={o.Loss?.ToString() ?? "-"} {o.DataLoading}{(o.DataLoading == DataLoading.Streaming ? $"/{o.StreamingBlockSize}" : "")} " +
        $"holdout={o.ValidationFraction:G2} patience={o.EarlyStoppingPatience?.ToString() ?? "-"}/{o.EarlyStoppingMetric} {o.ClassWeighting} " +
        $"skip={o.SkipRowsWithNonFiniteFeatures} {o.OnDivergence} weights={o.ExampleWeightColumnName ?? "-"}";
}
