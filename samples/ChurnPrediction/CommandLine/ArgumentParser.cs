using System.Globalization;

namespace ChurnPrediction.CommandLine;

/// <summary>
/// Turns the command line into <see cref="ChurnOptions"/>. Hand-written (no parsing package) so the sample depends on
/// ML.NET and MLNet.Backprop only; every mistake becomes a <see cref="UsageException"/> that names the argument.
/// </summary>
public static class ArgumentParser
{
    // Which options each command accepts: an option that a command would silently ignore is reported instead.
    private static readonly Dictionary<ChurnCommand, string[]> Allowed = new()
    {
        [ChurnCommand.Train] = ["--data", "--synthetic", "--seed", "--epochs", "--output-dir", "--quiet"],
        [ChurnCommand.Predict] = ["--model", "--input", "--output"],
        [ChurnCommand.Evaluate] = ["--model", "--data", "--synthetic", "--output-dir"],
        [ChurnCommand.Sweep] = ["--data", "--synthetic", "--seed", "--epochs", "--output-dir", "--learning-rates", "--activations",
            "--optimizers", "--clip-norms", "--hidden"],
        [ChurnCommand.Tune] = ["--data", "--synthetic", "--seed", "--output-dir", "--trials"],
        [ChurnCommand.Calibrate] = ["--data", "--synthetic", "--seed", "--output-dir"],
    };

    private static readonly HashSet<string> Flags = ["--synthetic", "--quiet"];

    public static ChurnOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?" or "help")) return new ChurnOptions { Command = ChurnCommand.Help };

        int at = 0;
        var command = ChurnCommand.Train;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            command = args[0] switch
            {
                "train" => ChurnCommand.Train,
                "predict" => ChurnCommand.Predict,
                "evaluate" => ChurnCommand.Evaluate,
                "sweep" => ChurnCommand.Sweep,
                "tune" => ChurnCommand.Tune,
                "calibrate" => ChurnCommand.Calibrate,
                _ => throw new UsageException($"unknown command '{args[0]}'; expected train, predict, evaluate, sweep, tune or calibrate."),
            };
            at = 1;
        }

        var options = new ChurnOptions { Command = command };
        var seen = new HashSet<string>();
        for (; at < args.Count; at++)
        {
            // Both "--seed 3" and "--seed=3" are accepted.
            string name = args[at];
            string? value = null;
            int equals = name.IndexOf('=');
            if (equals > 0) (name, value) = (name[..equals], name[(equals + 1)..]);

            if (!name.StartsWith("--")) throw new UsageException($"unexpected argument '{args[at]}'; options start with --.");
            if (!Allowed.Values.Any(list => list.Contains(name))) throw new UsageException($"unknown option '{name}'.");
            if (!Allowed[command].Contains(name))
                throw new UsageException($"option '{name}' does not apply to the {command.ToString().ToLowerInvariant()} command.");
            if (!seen.Add(name)) throw new UsageException($"option '{name}' is given twice.");

            if (Flags.Contains(name))
            {
                if (value is not null) throw new UsageException($"option '{name}' takes no value.");
                options = name == "--synthetic" ? options with { Synthetic = true } : options with { Quiet = true };
                continue;
            }

            if (value is null)
            {
                if (at + 1 >= args.Count || args[at + 1].StartsWith("--"))
                    throw new UsageException($"option '{name}' needs a value.");
                value = args[++at];
            }
            if (value.Length == 0) throw new UsageException($"option '{name}' needs a value.");

            options = name switch
            {
                "--data" => options with { DataPath = value },
                "--seed" => options with { Seed = Integer(name, value, minimum: 0) },
                "--epochs" => options with { Epochs = Integer(name, value, minimum: 1) },
                "--output-dir" => options with { OutputDirectory = value },
                "--model" => options with { ModelPath = value },
                "--input" => options with { InputPath = value },
                "--learning-rates" => options with { LearningRates = List(name, value, v => Number(name, v)) },
                "--activations" => options with { Activations = List(name, value, v => Choice<MLNet.Backprop.Activation>(name, v)) },
                "--optimizers" => options with { Optimizers = List(name, value, v => Choice<MLNet.Backprop.OptimizerKind>(name, v)) },
                "--clip-norms" => options with { ClipNorms = List(name, value, v => v.Equals("off", StringComparison.OrdinalIgnoreCase) ? (float?)null : Number(name, v)) },
                "--hidden" => options with { HiddenLayers = List(name, value, v => Integer(name, v, minimum: 1)) },
                "--trials" => options with { Trials = Integer(name, value, minimum: 1) },
                _ => options with { OutputPath = value }, // --output
            };
        }

        if (options.Synthetic && options.DataPath is not null) throw new UsageException("--data and --synthetic cannot be combined.");
        if (command is ChurnCommand.Predict or ChurnCommand.Evaluate && options.ModelPath is null)
            throw new UsageException($"the {command.ToString().ToLowerInvariant()} command needs --model FILE.");
        if (command == ChurnCommand.Predict && options.InputPath is null) throw new UsageException("the predict command needs --input CSV.");
        return options;
    }

    /// <summary>A comma-separated list, each item parsed by <paramref name="parse"/>.</summary>
    private static IReadOnlyList<T> List<T>(string name, string value, Func<string, T> parse)
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries);
        if (items.Any(i => i.Length == 0)) throw new UsageException($"option '{name}' needs a comma-separated list without empty items; got '{value}'.");
        return items.Select(parse).ToArray();
    }

    private static float Number(string name, string value)
    {
        if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float number) || !(number > 0) || !float.IsFinite(number))
            throw new UsageException($"option '{name}' needs positive numbers; got '{value}'.");
        return number;
    }

    private static T Choice<T>(string name, string value) where T : struct, Enum
    {
        if (!Enum.TryParse(value, ignoreCase: true, out T choice) || !Enum.IsDefined(choice) || int.TryParse(value, out _))
            throw new UsageException($"option '{name}' accepts {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}; got '{value}'.");
        return choice;
    }

    private static int Integer(string name, string value, int minimum)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < minimum)
            throw new UsageException($"option '{name}' needs a whole number ≥ {minimum}; got '{value}'.");
        return number;
    }
}
