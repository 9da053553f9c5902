using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.ML;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>The ranges README's "Options" table and the options' XML docs state, against the trainer's checks: for
/// every numeric option whose range is written as an interval ("[0, 1)", "(0, 100]", "≥ 1", "finite > 0"), each bound
/// is accepted or refused by the trainer's constructor as the brackets say, one step beyond it is refused, and "finite"
/// refuses ∞ and NaN.</summary>
public sealed partial class OptionRangeTests
{
    [Fact]
    public void OptionsTable_EveryStatedInterval_IsWhatTheTrainerAccepts()
    {
        var wrong = new List<string>();
        var probed = new List<string>();
        foreach (var entry in ReadmeOptionsTable.Rows())
        {
            var property = typeof(BackpropTrainer.Options).GetProperty(entry.Option);
            var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (entry.Range is null || property is null || (type != typeof(int) && type != typeof(float))) continue;
            var interval = Interval().Match(entry.Range);
            if (!interval.Success) continue;
            probed.Add($"{entry.Option} {interval.Value}");
            foreach (var (value, accepted) in Probes(interval, type, entry.Range.Contains("finite", StringComparison.Ordinal)))
                if (Accepts(property, value) != accepted)
                    wrong.Add($"{entry}: the table says \"{interval.Value}\", so {value} should be {(accepted ? "accepted" : "refused")}, and the trainer does the opposite");
        }

        wrong.ShouldBeEmpty();
        probed.Count.ShouldBeGreaterThanOrEqualTo(18,
            $"options whose interval the table states (fewer: the table's form changed and this test reads less of it): {string.Join(", ", probed)}");
    }

    [Fact]
    public void XmlDocs_EveryStatedInterval_IsWhatTheTrainerAccepts()
    {
        var wrong = new List<string>();
        var probed = new List<string>();
        foreach (var property in typeof(BackpropTrainer.Options).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (property.SetMethod?.IsPublic != true || (type != typeof(int) && type != typeof(float))) continue;
            string id = $"P:MLNet.Backprop.BackpropTrainer.Options.{property.Name}";
            if (!XmlDocDefaultTests.Members.Value.TryGetValue(id, out var member)) continue;
            // The range follows the default in the same sentence: "Default 0.01; range [0, 1)."
            var stated = Regex.Match(XmlDocDefaultTests.Text(member.Element("summary")!), @"\bDefault (?<rest>.*?)(?:\.\s+[A-Z]|\.$|$)");
            var interval = stated.Success ? Interval().Match(stated.Groups["rest"].Value) : Match.Empty;
            if (!interval.Success) continue;
            probed.Add($"{property.Name} {interval.Value}");
            foreach (var (value, accepted) in Probes(interval, type, stated.Groups["rest"].Value.Contains("finite", StringComparison.Ordinal)))
                if (Accepts(property, value) != accepted)
                    wrong.Add($"{property.Name}: the XML doc says \"{interval.Value}\", so {value} should be {(accepted ? "accepted" : "refused")}, and the trainer does the opposite");
        }

        wrong.ShouldBeEmpty();
        probed.Count.ShouldBeGreaterThanOrEqualTo(27, $"options whose XML doc states an interval after the default: {string.Join(", ", probed)}");
    }

    /// <summary>The values to try and whether the interval admits them.</summary>
    private static IEnumerable<(object Value, bool Accepted)> Probes(Match interval, Type type, bool finite)
    {
        object Of(double v) => type == typeof(int) ? (object)(int)v : (float)v;
        object Below(double v) => type == typeof(int) ? (object)((int)v - 1) : MathF.BitDecrement((float)v);
        object Above(double v) => type == typeof(int) ? (object)((int)v + 1) : MathF.BitIncrement((float)v);
        if (interval.Groups["low"].Success)
        {
            double low = Number(interval.Groups["low"].Value), high = Number(interval.Groups["high"].Value);
            bool lowIn = interval.Groups["open"].Value == "[", highIn = interval.Groups["close"].Value == "]";
            yield return (Of(low), lowIn);
            yield return (lowIn ? Below(low) : Above(low), !lowIn);
            yield return (Of(high), highIn);
            yield return (highIn ? Above(high) : Below(high), !highIn);
        }
        else
        {
            double bound = Number(interval.Groups["bound"].Value);
            bool inclusive = interval.Groups["op"].Value == "≥";
            yield return (Of(bound), inclusive);
            yield return (inclusive ? Below(bound) : Above(bound), !inclusive);
        }
        if (finite && type == typeof(float))
        {
            yield return (float.PositiveInfinity, false);
            yield return (float.NaN, false);
        }
    }

    private static bool Accepts(PropertyInfo property, object value)
    {
        var options = new BackpropTrainer.Options();
        property.SetValue(options, value);
        try
        {
            _ = new BackpropTrainer(new MLContext(seed: 0), options);
            return true;
        }
        catch (ArgumentException e) when (e.ParamName == property.Name)
        {
            return false;
        }
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>"[0, 1)", "(0, 100]", "≥ 1", "> 0" (after "finite" or not), the first in the text.</summary>
    [GeneratedRegex(@"(?<open>[\[(])(?<low>-?[0-9][0-9.e-]*), (?<high>-?[0-9][0-9.e-]*)(?<close>[\])])|(?<op>[≥>]) (?<bound>-?[0-9][0-9.e-]*)")]
    private static partial Regex Interval();
}
