using Microsoft.ML;

namespace ChurnService;

/// <summary>One customer's answer: the churn probability, the decision at the threshold, and notes on values the
/// model never saw.</summary>
public sealed record ChurnPrediction(string? CustomerId, float ChurnProbability, bool Churn, float Threshold, IReadOnlyList<string> Notes);

/// <summary>The body of a 400 answer.</summary>
public sealed record ErrorResponse(string Error);

public static class Predictor
{
    public static ChurnPrediction Predict(LoadedModel model, PredictionEngine<Customer, ChurnScore> engine, string? id, Customer customer)
    {
        float probability = engine.Predict(customer).Probability;
        var notes = new List<string>();
        foreach (var (field, known) in model.Categories)
        {
            string value = (string)typeof(Customer).GetProperty(field)!.GetValue(customer)!;
            if (!known.Contains(value))
                notes.Add($"{field}: unknown category '{value}' (the model knows {string.Join(", ", known.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}); it counts as none of them.");
        }
        if (float.IsNaN(customer.TotalCharges)) notes.Add("TotalCharges: not given; filled with 0, as for customers not billed yet.");
        return new ChurnPrediction(id, probability, probability >= model.Threshold, model.Threshold, notes);
    }
}
