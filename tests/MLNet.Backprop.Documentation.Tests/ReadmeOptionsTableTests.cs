using System.Reflection;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>README's "Options" table against the code: every option is in it, with the default a new
/// <c>BackpropTrainer.Options</c> holds (the table said <c>ExampleWeightColumnName</c> accepted [0, 1e30] while the
/// XML docs said ≥ 0; a default changed in <c>Defaults.cs</c> now fails here until the table follows).</summary>
public sealed class ReadmeOptionsTableTests
{
    private static readonly BackpropTrainer.Options Fresh = new();

    private static readonly PropertyInfo[] Settable = typeof(BackpropTrainer.Options)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true).ToArray();

    [Fact]
    public void OptionsTable_NamesEveryPublicOption()
    {
        var documented = ReadmeOptionsTable.Rows().Concat(ReadmeOptionsTable.InPassing()).Select(e => e.Option).ToHashSet();

        Settable.Select(p => p.Name).Where(n => !documented.Contains(n)).ShouldBeEmpty("options missing from README's \"Options\" table");
    }

    [Fact]
    public void OptionsTable_NamesOnlyOptionsThatExist()
    {
        var names = Settable.Select(p => p.Name).ToHashSet();

        ReadmeOptionsTable.Rows().Where(e => !names.Contains(e.Option)).ShouldBeEmpty("rows of README's \"Options\" table naming no option");
    }

    [Fact]
    public void OptionsTable_EveryDefault_IsTheValueANewOptionsObjectHolds()
    {
        var wrong = new List<string>();
        foreach (var entry in ReadmeOptionsTable.Rows().Concat(ReadmeOptionsTable.InPassing()))
        {
            var property = Settable.FirstOrDefault(p => p.Name == entry.Option);
            if (property is null) continue; // the test above names it
            object? actual = property.GetValue(Fresh);
            bool? matches = DocumentedDefault.Matches(actual, entry.Default);
            if (matches != true)
                wrong.Add($"{entry}: the table says \"{entry.Default}\"{(matches is null ? " (no value this test can read)" : "")}, the code has {Describe(actual)}");
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void DocumentedDefault_AWrongDefault_DoesNotMatch()
    {
        // The check can fail: the table's own forms, read against other values.
        DocumentedDefault.Matches(64, "64").ShouldBe(true);
        DocumentedDefault.Matches(32, "64").ShouldBe(false);
        DocumentedDefault.Matches(new[] { 64, 32 }, "`[64, 32]`").ShouldBe(true);
        DocumentedDefault.Matches(new[] { 64 }, "`[64, 32]`").ShouldBe(false);
        DocumentedDefault.Matches(3e-3f, "3e-3").ShouldBe(true);
        DocumentedDefault.Matches(1e-3f, "3e-3").ShouldBe(false);
        DocumentedDefault.Matches(Activation.ReLU, "`Tanh`").ShouldBe(false);
        DocumentedDefault.Matches((int?)null, "`null`").ShouldBe(true);
        DocumentedDefault.Matches(0, "`null`").ShouldBe(false);
        DocumentedDefault.Matches(TimeSpan.FromSeconds(30), "30 s").ShouldBe(true);
        DocumentedDefault.Matches(512 << 20, "512 MiB").ShouldBe(true);
        DocumentedDefault.Matches(512, "512 MiB").ShouldBe(false);
        DocumentedDefault.Matches(1, "about ten").ShouldBeNull();
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        System.Collections.IEnumerable e => $"[{string.Join(", ", e.Cast<object?>())}]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
    };
}
