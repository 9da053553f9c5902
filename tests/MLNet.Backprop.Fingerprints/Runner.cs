using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using MLNet.Backprop;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Fingerprints;

/// <summary>Trains one configuration and describes the outcome exactly: every weight's bits, every recorded
/// statistic, every finding, every test score.</summary>
internal static class Runner
{
    public sealed record Print(string Line, string Text);

    public static Print Run(Configuration configuration)
    {
        var ml = new MLContext(seed: 0);
        var (train, validation, test) = configuration.Data(ml);
        var options = configuration.Options();
        var trainer = new BackpropTrainer(ml, options);
        var weights = new StringBuilder();
        var history = new StringBuilder();
        var diagnosis = new StringBuilder();
        var scores = new StringBuilder();
        try
        {
            var transformer = trainer.Fit(train, validation);
            Describe.Weights(transformer.Model, weights);
            Describe.History(transformer.Model.History, history);
            Describe.Diagnosis(transformer.Model.Diagnosis, diagnosis);
            Describe.Scores(transformer.Transform(test), scores);
        }
        catch (TrainingDivergedException e)
        {
            weights.Append("diverged at epoch ").Append(e.Epoch).Append(", batch ").Append(e.Batch).Append('\n');
            Describe.History(e.History, history);
            Describe.Diagnosis(e.Diagnosis, diagnosis);
            scores.Append(e.Message).Append('\n');
        }
        string text = $"== weights\n{weights}== history\n{history}== diagnosis\n{diagnosis}== scores\n{scores}";
        string line = string.Join(' ', configuration.Name.PadRight(52), Hash(weights), Hash(history), Hash(diagnosis), Hash(scores));
        return new Print(line, text);
    }

    private static string Hash(StringBuilder text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];

    internal static string Bits(float value) => BitConverter.SingleToInt32Bits(value).ToString("x8", CultureInfo.InvariantCulture);

    internal static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);

    internal static string Bits(double? value) => value is double v ? Bits(v) : "-";
}
