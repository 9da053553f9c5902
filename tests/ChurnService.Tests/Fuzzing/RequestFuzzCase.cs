using System.Text;
using System.Text.Json.Nodes;

namespace ChurnService.Tests.Fuzzing;

/// <summary>
/// One request body for /predict, from its seed and the test customers: a customer or a batch, damaged by one to three
/// edits: a field removed, null, of another type, a number at an edge (negative, zero, 1e30, 3.4e38, 1e39, subnormal,
/// 1e400, −0), a string with an escaped lone surrogate, control characters, 10 k characters or an unknown category,
/// duplicate or unknown fields, nesting; or the bytes themselves cut, flipped or given invalid UTF-8; or a batch empty,
/// of mixed items, or beyond Model:MaxBatch.
/// </summary>
internal static class RequestFuzzCase
{
    private static readonly string[] Fields =
    [
        "customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines", "InternetService",
        "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling",
        "PaymentMethod", "MonthlyCharges", "TotalCharges",
    ];

    public static (byte[] Body, string Description) Generate(int seed, IReadOnlyList<JsonObject> customers)
    {
        var r = new Random(seed);
        var edits = new List<string>();
        JsonNode root;
        if (r.Next(3) == 0)
        {
            int count = new[] { 0, 1, 2, 5, 1001 }[r.Next(5)];
            root = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode?)customers[(seed + i) % customers.Count].DeepClone())]);
            edits.Add($"batch of {count}");
        }
        else root = customers[seed % customers.Count].DeepClone();
        int n = r.Next(1, 4);
        for (int i = 0; i < n; i++) edits.Add(Edit(r, root));
        string text = root.ToJsonString();
        // Escapes the serializer would never write, spliced in as text.
        if (r.Next(6) == 0)
        {
            string field = Fields[r.Next(Fields.Length)];
            string escape = new[] { "\\ud800", "\\udfff", "\\ud83d", "\\u0000", "\\ud83d\\ude00" }[r.Next(5)];
            int at = text.IndexOf($"\"{field}\":\"", StringComparison.Ordinal);
            if (at >= 0)
            {
                at += field.Length + 4;
                text = text[..at] + escape + text[at..];
                edits.Add($"{field} given {escape}");
            }
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        if (r.Next(8) == 0 && bytes.Length > 0)
        {
            switch (r.Next(4))
            {
                case 0: bytes = bytes[..r.Next(bytes.Length)]; edits.Add("cut short"); break;
                case 1: bytes[r.Next(bytes.Length)] ^= (byte)(1 << r.Next(8)); edits.Add("a byte flipped"); break;
                case 2:
                    int quote = Array.IndexOf(bytes, (byte)'"', r.Next(bytes.Length));
                    if (quote > 0) { var list = bytes.ToList(); list.InsertRange(quote + 1, new byte[] { 0xC3, 0x28, 0xED, 0xA0, 0x80 }); bytes = [.. list]; }
                    edits.Add("invalid UTF-8 in a string");
                    break;
                default: bytes = [0xEF, 0xBB, 0xBF, .. bytes]; edits.Add("a byte-order mark"); break;
            }
        }
        return (bytes, string.Join("; ", edits));
    }

    private static string Edit(Random r, JsonNode root)
    {
        if (root is JsonArray array)
        {
            if (array.Count == 0) return "nothing to edit";
            int i = r.Next(array.Count);
            if (r.Next(8) == 0)
            {
                array[i] = new[] { (JsonNode?)null, JsonValue.Create(5), JsonValue.Create("x"), new JsonArray() }[r.Next(4)];
                return $"item {i} not a customer";
            }
            return array[i] is JsonObject o ? $"item {i}: {EditCustomer(r, o)}" : "nothing to edit";
        }
        return EditCustomer(r, (JsonObject)root);
    }

    private static string EditCustomer(Random r, JsonObject customer)
    {
        string field = Fields[r.Next(Fields.Length)];
        switch (r.Next(12))
        {
            case 0:
                customer.Remove(field);
                return $"{field} removed";
            case 1:
                customer[field] = null;
                return $"{field} null";
            case 2: case 3: case 4:
            {
                double value = new[] { -1, -0.0, 0, 1e-45, 0.5, 2, 72, 1e6, 1e30, 3.4e38, -1e30, -3.4e38, 1e38 * 10, 123456789.123 }[r.Next(14)];
                customer[field] = value;
                return $"{field} = {value:G4}";
            }
            case 5:
            {
                string[] raw = ["1e400", "-1e400", "1E+39", "0.000000000000000000000000000000000000000000001", "12345678901234567890123"];
                customer[field] = JsonNode.Parse(raw[r.Next(raw.Length)]);
                return $"{field} = {customer[field]!.ToJsonString()}";
            }
            case 6:
            {
                string value = new[] { "", " ", "Weekly", new string('x', 10_000), "Month-to-month\n", "\t", "Ünïcödé", "😀", "null" }[r.Next(9)];
                customer[field] = value;
                return $"{field} = \"{(value.Length > 20 ? value[..20] + "…" : value)}\"";
            }
            case 7:
                customer[field] = new[] { (JsonNode)new JsonArray(1), new JsonObject(), JsonValue.Create(true), JsonValue.Create(false) }[r.Next(4)];
                return $"{field} of another type";
            case 8:
                customer[$"extra{r.Next(100)}"] = "surprise";
                return "an unknown field";
            case 9:
            {
                JsonNode nested = JsonValue.Create(1);
                for (int d = 0; d < r.Next(2, 200); d++) nested = new JsonArray(nested);
                customer[field] = nested;
                return $"{field} nested";
            }
            default:
                customer[field] = field is "tenure" or "MonthlyCharges" or "TotalCharges" or "SeniorCitizen" ? JsonValue.Create("12") : JsonValue.Create(3);
                return $"{field} of the other scalar type";
        }
    }
}
