using ChurnPrediction.CommandLine;
using ChurnPrediction.Commands;
using ChurnPrediction.Data;

namespace ChurnPrediction;

/// <summary>The sample's entry point, callable in-process: parses the arguments and runs one command.</summary>
public static class ChurnApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code when the data or a model file is unusable (missing, malformed, damaged).</summary>
    public const int DataError = 1;

    /// <summary>Exit code of a bad command line.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the sample with <paramref name="args"/>, writing results to <paramref name="output"/> and
    /// problems to <paramref name="error"/>; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ChurnOptions options;
        try
        {
            options = ArgumentParser.Parse(args);
        }
        catch (UsageException e)
        {
            // User errors get one plain sentence and a pointer to --help, never a stack trace.
            error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run with --help to see every command and option.");
            return UsageError;
        }

        try
        {
            return options.Command switch
            {
                ChurnCommand.Help => ShowHelp(output),
                ChurnCommand.Predict => PredictCommand.Run(options, output, error),
                ChurnCommand.Evaluate => EvaluateCommand.Run(options, output, error),
                ChurnCommand.Sweep => SweepCommand.Run(options, output),
                ChurnCommand.Tune => TuneCommand.Run(options, output),
                ChurnCommand.Calibrate => CalibrateCommand.Run(options, output),
                _ => TrainCommand.Run(options, output, error),
            };
        }
        catch (Exception e) when (e is MalformedDataException or DataSourceException or InvalidDataException or FileNotFoundException
                                       or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            // Problems with the user's files (a malformed CSV, a missing or damaged model) are reported plainly too.
            error.WriteLine($"error: {e.Message}");
            return DataError;
        }
    }

    private static int ShowHelp(TextWriter output)
    {
        output.Write(HelpText.Text);
        return Success;
    }
}
