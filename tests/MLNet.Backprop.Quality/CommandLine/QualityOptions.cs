namespace MLNet.Backprop.Quality.CommandLine;

/// <summary>What the command line asks for; see <see cref="HelpText"/>.</summary>
public sealed record QualityOptions
{
    /// <summary>Default output folder, relative to the current directory.</summary>
    public const string DefaultOutput = "quality-output";

    /// <summary>Print the help and stop.</summary>
    public bool Help { get; init; }

    /// <summary>Print each set's inferred columns and stop.</summary>
    public bool Describe { get; init; }

    /// <summary>List the diagnosis of one default fit per set (fold 1's training part) instead of benchmarking.</summary>
    public bool Findings { get; init; }

    /// <summary>The benchmarks folder (<c>--data</c>), or null to search for it.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Where results.md and folds.csv go.</summary>
    public string OutputDirectory { get; init; } = DefaultOutput;

    /// <summary>k of k-fold cross-validation; null for the default (5, or 2 with --quick).</summary>
    public int? Folds { get; init; }

    /// <summary>The fold seeds (<c>--seed N</c> or <c>--seeds LIST</c>), or null for the default, seed 0. Each seed is a
    /// whole cross-validation: its own folds, and every MLContext of its fits seeded with it.</summary>
    public IReadOnlyList<int>? Seeds { get; init; }

    /// <summary>The trainer the Paired differences section subtracts (<c>--reference</c>), or null for Linear when it
    /// runs, else the first column.</summary>
    public string? Reference { get; init; }

    /// <summary>The set names asked for, or null for all (or the quick ones with --quick).</summary>
    public IReadOnlyList<string>? Sets { get; init; }

    /// <summary>The trainer keys asked for, or null for all (the built-ins and every --mlp variant).</summary>
    public IReadOnlyList<string>? Trainers { get; init; }

    /// <summary>MLP variant specifications, <c>name:Property=value;...</c>, in order.</summary>
    public IReadOnlyList<string> MlpVariants { get; init; } = [];

    /// <summary>An earlier run's folds.csv (or its folder) whose other trainers' results are reused, not retrained.</summary>
    public string? Reuse { get; init; }

    /// <summary>Three small sets (one per task), 2 folds.</summary>
    public bool Quick { get; init; }

    /// <summary>Subtract the mean in NormalizeMeanVariance (fixZero: false) instead of ML.NET's default scaling only.</summary>
    public bool Center { get; init; }

    /// <summary>One untimed fit per trainer and task on a few hundred rows before the timed ones (JIT compilation).</summary>
    public bool Warmup { get; init; } = true;

    /// <summary>Multiclass: also each class' recall and test-row count per fold (metrics <c>recall:CLASS</c>, <c>support:CLASS</c>).</summary>
    public bool PerClass { get; init; }

    /// <summary>The references of <c>--targets</c> when <c>--target-references</c> is not given: issue 25's.</summary>
    public static readonly IReadOnlyList<string> DefaultTargetReferences = ["lightgbm", "fasttree", "linear"];

    /// <summary>The candidate trainer of the report-only <c>--targets</c> mode, or null to run the benchmark.</summary>
    public string? TargetCandidate { get; init; }

    /// <summary>The trainers <c>--targets</c> ranks the candidate among (<c>--target-references</c>), or null for
    /// <see cref="DefaultTargetReferences"/>.</summary>
    public IReadOnlyList<string>? TargetReferences { get; init; }

    /// <summary>The folds.csv files (or their folders) <c>--targets</c> reads (<c>--from</c>), later ones overriding.</summary>
    public IReadOnlyList<string>? TargetFiles { get; init; }

    /// <summary>The number of folds used.</summary>
    public int EffectiveFolds => Folds ?? (Quick ? 2 : 5);

    /// <summary>The fold seeds used.</summary>
    public IReadOnlyList<int> EffectiveSeeds => Seeds ?? [0];
}
