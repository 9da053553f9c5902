using System.Reflection;
using MLNet.Backprop.Training;

namespace MLNet.Backprop.Tests;

public class BackpropTrainerOptionsCloneTests
{
    [Fact]
    public void Clone_EveryOptionSet_CopiesEveryValueAndDetachesTheArrays()
    {
        var options = new BackpropTrainer.Options();
        var properties = typeof(BackpropTrainer.Options).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
        // A non-default value for every option, so that a property the copy forgot shows up.
        foreach (var p in properties) p.SetValue(options, Different(p.PropertyType, p.GetValue(options)));

        var copy = options.Clone();

        foreach (var p in properties) p.GetValue(copy).ShouldBe(p.GetValue(options), p.Name);
        copy.HiddenLayers.ShouldNotBeSameAs(options.HiddenLayers);
        copy.CategoricalColumnNames.ShouldNotBeSameAs(options.CategoricalColumnNames);
        copy.EmbeddingWidths.ShouldNotBeSameAs(options.EmbeddingWidths);
        options.HiddenLayers[0] = 999;
        copy.HiddenLayers[0].ShouldNotBe(999);
    }

    private static object? Different(Type type, object? current)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => (object)"Other",
            _ when underlying == typeof(int) => (current as int? ?? 0) + 3,
            _ when underlying == typeof(float) => (current as float? ?? 0f) + 0.125f,
            _ when underlying == typeof(bool) => !(current as bool? ?? false),
            _ when underlying.IsEnum => Enum.GetValues(underlying).Cast<object>().First(v => !v.Equals(current)),
            _ when underlying == typeof(int[]) => new[] { 7, 5 },
            _ when underlying == typeof(string[]) => new[] { "Student", "Lecturer" },
            _ when underlying == typeof(Dictionary<string, int>) => new Dictionary<string, int> { ["Lecturer"] = 8 },
            _ when underlying == typeof(CancellationToken) => new CancellationTokenSource().Token,
            _ when underlying == typeof(DiagnosisThresholds) => new DiagnosisThresholds(),
            _ when underlying == typeof(Action<EpochReport>) => (Action<EpochReport>)(_ => { }),
            _ => throw new InvalidOperationException($"The test does not know how to vary an option of type {type}; add it."),
        };
    }
}
