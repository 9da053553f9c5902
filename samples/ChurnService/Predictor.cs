using Microsoft.ML;

namespace ChurnService;

/// <summary>One customer's answer: the churn probability, the decision at the threshold, and notes on values the
/// model never saw.</summary>
public sealed record ChurnPrediction(string? CustomerId, float ChurnProbability, bool Churn, float Threshold, IReadOnlyList<string> Notes);

/// <summary>The body of a 400 answer.</summary>
public sealed record ErrorResponse(string Error);

public static class Predictor
{
    /// <summary>Beyond this many standard deviations from the training customers' mean a number gets a note (the churn
    /// sample's predict command warns at the same distance; the real customers all lie within 3).</summary>
    public const double MaxDeviations = 10;

    /// <summary>The prediction, or (for a probability the model cannot give, which valid fields should never cause) the
    /// error naming the customer.</summary>
    public static (ChurnPrediction? Prediction, string? Error) Predict(LoadedModel model, PredictionEngine<Customer, ChurnScore> engine, string? id, Customer customer, string where)
    {
        float probability = engine.Predict(customer).Probability;
        var notes = new List<string>();
        foreach (var (field, (mean, deviation)) in model.Numbers)
        {
            float value = (float)typeof(Customer).GetProperty(field)!.GetValue(customer)!;
            double distance = deviation > 0 ? Math.Abs(value - mean) / deviation : 0;
            if (float.IsFinite(value) && distance > MaxDeviations)
                notes.Add($"{field}: {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} lies {distance:G3} standard deviations from the " +
                          $"training customers' mean ({mean:G4}); the probability is an extrapolation.");
        }
        if (!float.IsFinite(probability))
            return (null, $"The model gives no probability for {where} ({probability}){(notes.Count > 0 ? ": " + string.Join(" ", notes) : ".")}");
        foreach (var (field, known) in model.Categories)
        {
            string value = (string)typeof(Customer).GetProperty(field)!.GetValue(customer)!;
            if (!known.Contains(value))
                notes.Add($"{field}: unknown category '{CustomerParser.Shorten(value)}' (the model knows {string.Join(", ", known.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}); it counts as none of them.");
        }
        if (float.IsNaN(customer.TotalCharges)) notes.Add("TotalCharges: not given; filled with 0, as for customers not billed yet.");
        return (new ChurnPrediction(id, probability, probability >= model.Threshold, model.Threshold, notes), null);
    }
}
