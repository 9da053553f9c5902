using System.Globalization;

namespace MLNet.Backprop.TorchComparison;

/// <summary>The command line of the comparison.</summary>
internal sealed class ComparisonOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/MLNet.Backprop.TorchComparison -- [options]
          --shapes LIST   comma-separated shapes: indices 1..5 of the standard shapes, or IN:H1-H2:BATCH (default: all five)
          --runs N        timed runs per case, the order of ours and TorchSharp's cases rotating (default 5; 1 with --quick)
          --warmups N     untimed runs per case before them (default 2; 1 with --quick)
          --epochs N      epochs per run for every shape (default: per shape, see ComparisonShape.Standard)
          --threads LIST  thread counts, each a separate table (default 2,1)
          --quick         smoke check, not a measurement: 8 batches per epoch, 1 epoch, 1 warm-up, 1 run, 4 GEMM products
          --no-gemm       skip the GEMM reference
          --no-profile    skip the profiled Fit per shape and thread count (the phase budget)
          --ours-only     run only this library's cases (A/B runs of two revisions; no ratios to TorchSharp)
          --sparse        instead: the sparse first layer (10^4-10^6 hashed slots) against torch.sparse.mm (SparseComparison.cs);
                          --runs, --warmups and --threads apply
          --help          this text
        """;

    public IReadOnlyList<ComparisonShape> Shapes { get; private init; } = ComparisonShape.Standard;
    public int Runs { get; private init; } = 5;
    public int Warmups { get; private init; } = 2;
    public int? Epochs { get; private init; }
    public IReadOnlyList<int> Threads { get; private init; } = [2, 1];
    public bool Quick { get; private init; }
    public bool Gemm { get; private init; } = true;
    public bool Profile { get; private init; } = true;
    public bool OursOnly { get; private init; }
    public bool Sparse { get; private init; }
    public bool Help { get; private init; }

    /// <summary>The shapes as run: with --quick shrunk to 8 batches and 1 epoch, with --epochs that epoch count.</summary>
    public IEnumerable<ComparisonShape> EffectiveShapes =>
        Shapes.Select(s => Quick ? s.Resized(8, Epochs ?? 1) : Epochs is int e ? s with { Epochs = e } : s);

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="FormatException">An unknown option or a bad value; the message names it.</exception>
    public static ComparisonOptions Parse(IReadOnlyList<string> args)
    {
        IReadOnlyList<ComparisonShape> shapes = ComparisonShape.Standard;
        int? runs = null, warmups = null;
        int? epochs = null;
        IReadOnlyList<int> threads = [2, 1];
        bool quick = false, gemm = true, profile = true, oursOnly = false, sparse = false, help = false;
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--shapes": shapes = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ComparisonShape.Parse).ToArray(); break;
                case "--runs": runs = Positive("--runs", Value()); break;
                case "--warmups": warmups = NonNegative("--warmups", Value()); break;
                case "--epochs": epochs = Positive("--epochs", Value()); break;
                case "--threads": threads = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => Positive("--threads", t)).ToArray(); break;
                case "--quick": quick = true; break;
                case "--no-gemm": gemm = false; break;
                case "--no-profile": profile = false; break;
                case "--ours-only": oursOnly = true; break;
                case "--sparse": sparse = true; break;
                case "--help" or "-h": help = true; break;
                default: throw new FormatException($"Unknown option '{args[i]}'.");
            }
        }
        if (shapes.Count == 0 || threads.Count == 0) throw new FormatException("--shapes and --threads need at least one value.");
        return new ComparisonOptions { Shapes = shapes, Runs = runs ?? (quick ? 1 : 5), Warmups = warmups ?? (quick ? 1 : 2), Epochs = epochs, Threads = threads, Quick = quick, Gemm = gemm, Profile = profile, OursOnly = oursOnly, Sparse = sparse, Help = help };
    }

    private static int NonNegative(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"{option} expects a non-negative integer; got '{text}'.");

    private static int Positive(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1
            ? value
            : throw new FormatException($"{option} expects a positive integer; got '{text}'.");
}
