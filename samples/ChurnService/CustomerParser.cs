using System.Text.Json;

namespace ChurnService;

/// <summary>A request body's customers, or the first problem with it, named precisely (the item, the field, what was
/// expected and what came).</summary>
public static class CustomerParser
{
    /// <summary>The body is one customer object or an array of them (at most <paramref name="maxBatch"/>).</summary>
    public static (List<(string? Id, Customer Customer)> Customers, string? Error) Parse(JsonElement body, int maxBatch)
    {
        var items = new List<(string?, Customer)>();
        if (body.ValueKind == JsonValueKind.Object) return Add(items, body, "the customer");
        if (body.ValueKind != JsonValueKind.Array) return (items, $"The body must be a customer object or an array of them, not {Kind(body)}.");
        int count = body.GetArrayLength();
        if (count == 0) return (items, "The array holds no customer.");
        if (count > maxBatch) return (items, $"The array holds {count} customers; at most {maxBatch} per request.");
        int index = 0;
        foreach (var item in body.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) return (items, $"Item {index} must be a customer object, not {Kind(item)}.");
            var (_, error) = Add(items, item, $"item {index}");
            if (error is not null) return (items, error);
            index++;
        }
        return (items, null);
    }

    private static (List<(string?, Customer)>, string?) Add(List<(string?, Customer)> items, JsonElement json, string where)
    {
        var customer = new Customer();
        foreach (string field in Customer.TextFields)
        {
            if (!json.TryGetProperty(field, out var value)) return (items, $"Field '{field}' is missing in {where}.");
            if (value.ValueKind != JsonValueKind.String) return (items, $"Field '{field}' in {where} must be a string, not {Kind(value)}.");
            if (Text(value) is not { } text) return (items, $"Field '{field}' in {where} is not valid text (invalid UTF-8 or a lone surrogate).");
            typeof(Customer).GetProperty(field)!.SetValue(customer, text);
        }
        foreach (string field in Customer.NumberFields.Append(Customer.OptionalNumber))
        {
            bool optional = field == Customer.OptionalNumber;
            if (!json.TryGetProperty(field, out var value) || optional && value.ValueKind == JsonValueKind.Null)
            {
                if (optional) continue;
                return (items, $"Field '{field}' is missing in {where}.");
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetSingle(out float number) || !float.IsFinite(number))
                return (items, $"Field '{field}' in {where} must be a finite number{(optional ? " or null" : "")}, not {Kind(value)}.");
            // The model takes log(x + 1) of tenure and TotalCharges: a negative amount has no meaning and gives NaN.
            if (Customer.Ranges[field] is var (least, most, meaning) && !(number >= least && number <= most))
                return (items, $"Field '{field}' in {where} must be {meaning}, not {value.GetRawText()}.");
            typeof(Customer).GetProperty(field)!.SetValue(customer, number);
        }
        string? id = null;
        if (json.TryGetProperty("customerID", out var idValue) && idValue.ValueKind != JsonValueKind.Null)
        {
            // Another type was dropped silently before: a batch's answers then lost the ids they are matched by.
            if (idValue.ValueKind != JsonValueKind.String) return (items, $"Field 'customerID' in {where} must be a string (or left out), not {Kind(idValue)}.");
            id = Text(idValue);
            if (id is null) return (items, $"Field 'customerID' in {where} is not valid text (invalid UTF-8 or a lone surrogate).");
        }
        items.Add((id, customer));
        return (items, null);
    }

    /// <summary>The string's text, or null when it cannot be text: JSON may carry invalid UTF-8 or an escaped lone
    /// surrogate ("\ud800"), which System.Text.Json refuses only when the string is read.</summary>
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Text(value) is { } text ? $"the string \"{Shorten(text)}\"" : "a string that is not valid text",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    /// <summary>A client's text as quoted back in an error or a note: its first 40 characters, so that a long value does
    /// not come back whole.</summary>
    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
