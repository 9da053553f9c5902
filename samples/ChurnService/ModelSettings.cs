using System.Text.Json;

namespace ChurnService;

/// <summary>
/// The settings file beside the model (the churn sample's <c>churn-model.mlnet.json</c>): the decision threshold and,
/// optionally, the mean and standard deviation of each numeric field over the training customers. Every field is checked,
/// so that a hand-edited file is refused naming the file and the field (it was a KeyNotFoundException or JSON's
/// InvalidOperationException, naming neither).
/// </summary>
public static class ModelSettings
{
    /// <summary>Reads <paramref name="path"/>; without such a file, threshold 0.5 and no statistics.</summary>
    /// <exception cref="InvalidDataException">The file is not JSON, or a field is missing or not what it should be (the
    /// message names the file and the field).</exception>
    public static (float Threshold, Dictionary<string, (double Mean, double Deviation)> Numbers) Read(string path)
    {
        var numbers = new Dictionary<string, (double, double)>();
        if (!File.Exists(path)) return (0.5f, numbers);
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The settings file '{path}' is not valid JSON: {e.Message}", e);
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid(path, $"holds a {root.ValueKind}; expected an object with a \"threshold\"");
            if (!root.TryGetProperty("threshold", out var element)) throw Invalid(path, "has no \"threshold\"");
            float threshold = element.ValueKind == JsonValueKind.Number && element.TryGetSingle(out float t) ? t : float.NaN;
            if (threshold is not (> 0f and < 1f))
                throw Invalid(path, $"holds \"threshold\": {element.GetRawText()}; expected a probability in (0, 1)");
            if (root.TryGetProperty("numbers", out var stats))
            {
                if (stats.ValueKind != JsonValueKind.Object) throw Invalid(path, $"holds \"numbers\" as a {stats.ValueKind}; expected an object");
                foreach (var field in stats.EnumerateObject())
                    if (Customer.Ranges.ContainsKey(field.Name))
                        numbers[field.Name] = (Number(path, field, "mean", d => double.IsFinite(d), "a finite number"),
                                               Number(path, field, "deviation", d => d >= 0 && double.IsFinite(d), "a finite number ≥ 0"));
            }
            return (threshold, numbers);
        }
    }

    private static double Number(string path, JsonProperty field, string name, Func<double, bool> valid, string expected)
    {
        var value = field.Value.ValueKind == JsonValueKind.Object && field.Value.TryGetProperty(name, out var v) ? v : default;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && valid(d)) return d;
        string found = value.ValueKind == JsonValueKind.Undefined ? "nothing" : value.GetRawText();
        throw Invalid(path, $"holds {found} for \"numbers\".\"{field.Name}\".\"{name}\"; expected {expected}");
    }

    private static InvalidDataException Invalid(string path, string why) => new($"The settings file '{path}' {why}.");
}
