using System.Globalization;
using System.Reflection;

namespace MLNet.Backprop.Quality.Trainers;

/// <summary>
/// Parses <c>Property=value;Property=value</c> into settings of <see cref="BackpropTrainer.Options"/> by reflection:
/// any public settable property by name (case-insensitive) of type int, long, float, double, bool, string, an enum
/// (by name), a nullable of those (<c>null</c> clears it) or int[] (comma-separated, <c>[]</c> or nothing for empty;
/// brackets optional). The label, feature and task settings belong to the tool and are rejected.
/// </summary>
public static class OptionsParser
{
    /// <summary>Properties the tool sets itself.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        nameof(BackpropTrainer.Options.LabelColumnName), nameof(BackpropTrainer.Options.FeatureColumnName), nameof(BackpropTrainer.Options.Task),
    };

    /// <summary>The settable properties, by name.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Properties { get; } = typeof(BackpropTrainer.Options)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true })
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The settings in <paramref name="text"/> (empty text: none).</summary>
    /// <exception cref="FormatException">An unknown or reserved property, a repeated one, or a value that does not convert (named).</exception>
    public static IReadOnlyList<OptionSetting> Parse(string text)
    {
        var settings = new List<OptionSetting>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new FormatException($"'{part}' is not Property=value.");
            string name = part[..eq].Trim(), value = part[(eq + 1)..].Trim();
            if (!Properties.TryGetValue(name, out var property))
                throw new FormatException($"BackpropTrainer.Options has no settable property '{name}'. Known: {string.Join(", ", Properties.Keys.Order())}.");
            if (Reserved.Contains(property.Name)) throw new FormatException($"{property.Name} is set by the quality tool and cannot be changed.");
            if (settings.Any(s => s.Property == property)) throw new FormatException($"{property.Name} is given twice.");
            settings.Add(new OptionSetting(property, Convert(value, property.PropertyType, property.Name), value));
        }
        return settings;
    }

    /// <summary>Converts <paramref name="text"/> to <paramref name="type"/>.</summary>
    /// <exception cref="FormatException">The text is not a valid <paramref name="type"/>, or the type is not supported.</exception>
    public static object? Convert(string text, Type type, string name)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
            return text.Equals("null", StringComparison.OrdinalIgnoreCase) ? null : Convert(text, underlying, name);
        var invariant = CultureInfo.InvariantCulture;
        bool ok;
        object? value;
        if (type == typeof(int)) { ok = int.TryParse(text, NumberStyles.Integer, invariant, out var v); value = v; }
        else if (type == typeof(long)) { ok = long.TryParse(text, NumberStyles.Integer, invariant, out var v); value = v; }
        else if (type == typeof(float)) { ok = float.TryParse(text, NumberStyles.Float, invariant, out var v); value = v; }
        else if (type == typeof(double)) { ok = double.TryParse(text, NumberStyles.Float, invariant, out var v); value = v; }
        else if (type == typeof(bool)) { ok = bool.TryParse(text, out var v); value = v; }
        else if (type == typeof(string)) { ok = true; value = text.Equals("null", StringComparison.OrdinalIgnoreCase) ? null : text; }
        else if (type.IsEnum) { ok = Enum.TryParse(type, text, ignoreCase: true, out value) && IsName(text) && Enum.IsDefined(type, value!); }
        else if (type == typeof(int[])) { ok = TryParseInts(text, out var v); value = v; }
        else throw new FormatException($"{name} ({type.Name}) cannot be set from the command line.");
        if (!ok) throw new FormatException($"{name}: '{text}' is not a valid {Describe(type)}.");
        return value;
    }

    // A name, not a number or a comma-joined combination, which Enum.TryParse also accepts.
    private static bool IsName(string text) => text.Length > 0 && char.IsAsciiLetter(text[0]) && !text.Contains(',');

    private static bool TryParseInts(string text, out int[] values)
    {
        var parts = text.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.TrimEntries);
        values = [];
        if (parts is [""]) return true;
        var parsed = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out parsed[i])) return false;
        values = parsed;
        return true;
    }

    private static string Describe(Type type) => type.IsEnum
        ? $"{type.Name} ({string.Join(", ", Enum.GetNames(type))})"
        : type == typeof(int[]) ? "list of integers (e.g. 64,32)" : type.Name;
}
