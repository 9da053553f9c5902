using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MLNet.Backprop.Distributed;
using MLNet.Backprop.Experiments;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>The "Default …" each option's XML doc states is the value a new object holds: the trainer's options, the
/// tuner, its search space, the sweep and the cluster options (the API reference is where a user reads defaults).</summary>
public sealed partial class XmlDocDefaultTests
{
    /// <summary>The public types whose settable properties are options, each with a fresh instance.</summary>
    private static readonly object[] OptionObjects =
        [new BackpropTrainer.Options(), new BackpropTuner(), new TuningSpace(), new ExperimentSweep(), new ClusterTrainingOptions()];

    /// <summary>Properties a user must set (no default to state).</summary>
    private static readonly string[] Required = ["ClusterTrainingOptions.Services", "ClusterTrainingOptions.Shards"];

    private static readonly Lazy<Dictionary<string, XElement>> Members = new(() => DocExample.Packages
        .Select(p => XDocument.Load(Path.Combine(AppContext.BaseDirectory, p + ".xml")))
        .SelectMany(d => d.Descendants("member"))
        .ToDictionary(m => (string)m.Attribute("name")!));

    public static TheoryData<string> Properties()
    {
        var data = new TheoryData<string>();
        foreach (var o in OptionObjects)
            foreach (var p in Settable(o.GetType())) data.Add($"{Name(o.GetType())}.{p.Name}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void XmlDocDefault_IsTheValueOfANewObject(string property)
    {
        if (Required.Contains(property)) return;
        var owner = OptionObjects.Single(o => property.StartsWith(Name(o.GetType()) + ".", StringComparison.Ordinal));
        var info = owner.GetType().GetProperty(property[(Name(owner.GetType()).Length + 1)..])!;
        string id = $"P:{owner.GetType().FullName!.Replace('+', '.')}.{info.Name}";
        Members.Value.TryGetValue(id, out var member).ShouldBeTrue($"{id} has no XML documentation");
        string summary = Text(member!.Element("summary")!);

        string? written = StatedDefault(summary);

        written.ShouldNotBeNull($"{property}'s XML doc states no default (\"Default X\", \"X (the default)\" or \"X (default)\"): {summary}");
        object? actual = info.GetValue(owner);
        DocumentedDefault.Matches(actual, written).ShouldBe(true,
            $"{property}'s XML doc says the default is \"{written}\"; a new {owner.GetType().Name} holds {actual ?? "null"}");
    }

    [Fact]
    public void StatedDefault_ReadsTheDocsForms()
    {
        StatedDefault("Units per layer. Default { 64, 32 } (measured); each ≥ 1.").ShouldBe("{ 64, 32 }");
        StatedDefault("The rate. Default 3e-3 (measured against 1e-3).").ShouldBe("3e-3");
        StatedDefault("Default null: 0.01 for AdamW.").ShouldBe("null");
        StatedDefault("Default 0.5; range (0, 1].").ShouldBe("0.5");
        StatedDefault("Runs at once. Default: the processor count; ≥ 1.").ShouldBe("the processor count");
        StatedDefault("Either Constant (the default) or FlatCosine.").ShouldBe("Constant");
        StatedDefault("The file, or null (default) for none.").ShouldBe("null");
        StatedDefault("Deadline. Default 30 s; at least 100 ms.").ShouldBe("30 s");
        StatedDefault("No default here.").ShouldBeNull();
    }

    /// <summary>The default a summary states, as written.</summary>
    internal static string? StatedDefault(string summary)
    {
        var match = DefaultFirst().Match(summary);
        if (match.Success) return match.Groups["v"].Value.Trim().TrimEnd('.');
        match = DefaultAfter().Match(summary);
        return match.Success ? match.Groups["v"].Value : null;
    }

    /// <summary>The summary as a reader sees it: a cross-reference as its last name segment, <c>code</c> as its text.</summary>
    private static string Text(XElement element) => string.Concat(element.Nodes().Select(n => n switch
    {
        XText t => t.Value,
        XElement { Name.LocalName: "see" or "seealso" } e when e.Attribute("cref") is { } cref => cref.Value.Split('.', ':')[^1],
        XElement { Name.LocalName: "see" } e when e.Attribute("langword") is { } word => word.Value,
        XElement e => Text(e),
        _ => "",
    })).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Aggregate((a, b) => a + " " + b);

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true);

    private static string Name(Type type) => type.DeclaringType is { } outer ? $"{outer.Name}.{type.Name}" : type.Name;

    /// <summary>"Default 3e-3", "Default { 64, 32 }", "Default \"Label\"", "Default: the processor count", "Default 30 s".</summary>
    [GeneratedRegex(@"\bDefault(?:: (?<v>[a-z ]+?)(?=[;.,])| (?<v>\{[^}]*\}|""[^""]*""|[0-9][0-9.e+-]* s\b|[^\s;,:()]+))")]
    private static partial Regex DefaultFirst();

    /// <summary>"Constant (the default)", "null (default)".</summary>
    [GeneratedRegex(@"(?<v>[A-Za-z0-9]+) \((?:the )?default\)")]
    private static partial Regex DefaultAfter();
}
