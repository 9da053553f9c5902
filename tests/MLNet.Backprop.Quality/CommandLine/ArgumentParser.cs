using System.Globalization;

namespace MLNet.Backprop.Quality.CommandLine;

/// <summary>
/// Turns the command line into <see cref="QualityOptions"/>; every mistake becomes a <see cref="UsageException"/>
/// naming the argument. Both <c>--folds 3</c> and <c>--folds=3</c> are accepted; <c>--mlp</c> may repeat.
/// </summary>
public static class ArgumentParser
{
    private static readonly HashSet<string> Flags = ["--quick", "--center", "--no-warmup", "--per-class", "--describe", "--findings", "--help"];
    private static readonly HashSet<string> Valued = ["--data", "--output", "--folds", "--seed", "--seeds", "--sets", "--trainers", "--mlp", "--reuse", "--reference",
        "--targets", "--target-references", "--from"];
    private static readonly HashSet<string> TargetOptions = ["--targets", "--target-references", "--from", "--help"];

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="UsageException">An unknown, repeated, valueless or malformed option.</exception>
    public static QualityOptions Parse(IReadOnlyList<string> args)
    {
        var options = new QualityOptions();
        var seen = new HashSet<string>();
        for (int at = 0; at < args.Count; at++)
        {
            string name = args[at];
            string? value = null;
            int equals = name.IndexOf('=');
            if (name.StartsWith("--") && equals > 0) (name, value) = (name[..equals], name[(equals + 1)..]);
            if (name is "-h" or "-?") name = "--help";

            if (!Flags.Contains(name) && !Valued.Contains(name))
                throw new UsageException(name.StartsWith("--") ? $"unknown option '{name}'." : $"unexpected argument '{name}'; options start with --.");
            if (!seen.Add(name) && name != "--mlp") throw new UsageException($"option '{name}' is given twice.");
            if (seen.Contains("--seed") && seen.Contains("--seeds"))
                throw new UsageException("give --seed N or --seeds LIST, not both (--seed N is --seeds N).");

            if (Flags.Contains(name))
            {
                if (value is not null) throw new UsageException($"option '{name}' takes no value.");
                options = name switch
                {
                    "--quick" => options with { Quick = true },
                    "--center" => options with { Center = true },
                    "--no-warmup" => options with { Warmup = false },
                    "--per-class" => options with { PerClass = true },
                    "--describe" => options with { Describe = true },
                    "--findings" => options with { Findings = true },
                    _ => options with { Help = true },
                };
                continue;
            }

            if (value is null)
            {
                if (at + 1 >= args.Count || args[at + 1].StartsWith("--")) throw new UsageException($"option '{name}' needs a value.");
                value = args[++at];
            }
            if (value.Trim().Length == 0) throw new UsageException($"option '{name}' needs a value.");

            options = name switch
            {
                "--data" => options with { DataDirectory = value },
                "--output" => options with { OutputDirectory = value },
                "--folds" => options with { Folds = Integer(name, value, minimum: 2) },
                "--seed" => options with { Seeds = [Integer(name, value, minimum: 0)] },
                "--seeds" => options with { Seeds = SeedList.Parse(name, value) },
                "--reference" => options with { Reference = value },
                "--sets" => options with { Sets = List(name, value) },
                "--trainers" => options with { Trainers = List(name, value) },
                "--reuse" => options with { Reuse = value },
                "--targets" => options with { TargetCandidate = value.Trim() },
                "--target-references" => options with { TargetReferences = List(name, value) },
                "--from" => options with { TargetFiles = List(name, value) },
                _ => options with { MlpVariants = [.. options.MlpVariants, value] },
            };
        }
        CheckTargetsAlone(seen);
        return options;
    }

    // --targets only reads results, so a training option beside it would be silently ignored: refuse it instead.
    private static void CheckTargetsAlone(HashSet<string> seen)
    {
        if (!seen.Contains("--targets"))
        {
            foreach (var name in new[] { "--target-references", "--from" })
                if (seen.Contains(name)) throw new UsageException($"option '{name}' goes with --targets CAND.");
            return;
        }
        if (seen.FirstOrDefault(n => !TargetOptions.Contains(n)) is { } other)
            throw new UsageException($"--targets reads folds.csv files and trains nothing; it takes only --from and --target-references, not '{other}'.");
        if (!seen.Contains("--from") && !seen.Contains("--help")) throw new UsageException("--targets CAND needs --from FILE[,FILE...] (folds.csv files or their folders).");
    }

    private static int Integer(string name, string value, int minimum)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result) || result < minimum)
            throw new UsageException($"option '{name}' needs an integer ≥ {minimum}; got '{value}'.");
        return result;
    }

    private static string[] List(string name, string value)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new UsageException($"option '{name}' needs a comma-separated list.");
        if (items.Distinct(StringComparer.OrdinalIgnoreCase).Count() != items.Length) throw new UsageException($"option '{name}' names an item twice.");
        return items;
    }
}
