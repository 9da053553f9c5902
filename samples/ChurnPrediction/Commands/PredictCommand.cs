using System.Globalization;
using Microsoft.ML;
using ChurnPrediction.CommandLine;
using ChurnPrediction.Data;
using ChurnPrediction.Modeling;
using MLNet.Backprop;

namespace ChurnPrediction.Commands;

/// <summary>Scores new customers with a saved model: customerID and churn probability, one line each.</summary>
public static class PredictCommand
{
    /// <summary>Warnings printed before the rest are only counted.</summary>
    public const int MaxWarnings = 20;

    public static int Run(ChurnOptions options, TextWriter output, TextWriter error)
    {
        var ml = new MLContext(seed: 0);
        var model = ModelFile.Load(ml, options.ModelPath!);
        // Customers still with the company have no Churn value yet, so the column is optional here.
        var customers = TelcoCsv.Load(ml, options.InputPath!, requireChurn: false);
        var scored = ml.Data.CreateEnumerable<ScoredCustomer>(model.Transform(customers), reuseRowObject: false);

        // "R" writes the shortest text that parses back to the very same float, so the file loses nothing.
        var writer = options.OutputPath is null ? output : new StreamWriter(options.OutputPath);
        int count = 0;
        try
        {
            writer.WriteLine("customerID,probability");
            foreach (var customer in scored)
            {
                writer.WriteLine($"{customer.CustomerId},{customer.Probability.ToString("R", CultureInfo.InvariantCulture)}");
                count++;
            }
        }
        finally
        {
            if (!ReferenceEquals(writer, output)) writer.Dispose();
        }
        // Standard output carries the CSV itself when there is no --output, so the summary and warnings go to standard error.
        int warnings = 0;
        foreach (string warning in InputWarnings.Of(model, customers))
        {
            if (++warnings <= MaxWarnings) error.WriteLine($"warning: {warning}");
        }
        if (warnings > MaxWarnings) error.WriteLine($"warning: ... and {warnings - MaxWarnings} more.");
        error.WriteLine($"Scored {count} customers{(options.OutputPath is null ? "" : $" into {options.OutputPath}")}" +
            $"{(warnings > 0 ? $"; {warnings} warning{(warnings > 1 ? "s" : "")} about values unlike the training customers'" : "")}.");
        return ChurnApp.Success;
    }
}
