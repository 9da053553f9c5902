using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MLNet.Backprop.Distributed;
using MLNet.Backprop.Experiments;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>The "Default …" each option's XML doc states is the value a new object holds: the trainer's options, the
/// tuner, its search space, the sweep, the cluster options, the diagnosis thresholds and the gradient check's options (the
/// API reference is where a user reads defaults).</summary>
public sealed partial class XmlDocDefaultTests
{
    /// <summary>The public types whose settable properties are options, each with a fresh instance.</summary>
    private static readonly object[] OptionObjects =
        [new BackpropTrainer.Options(), new BackpropTuner(), new TuningSpace(), new ExperimentSweep(), new ClusterTrainingOptions(),
         new DiagnosisThresholds(), new Diagnostics.GradientCheckOptions()];

    /// <summary>Properties a user must set (no default to state).</summary>
    private static readonly string[] Required = ["ClusterTrainingOptions.Services", "ClusterTrainingOptions.Shards"];

    internal static readonly Lazy<Dictionary<string, XElement>> Members = new(() => DocExample.Packages
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

    /// <summary>Every optional parameter of a public method whose &lt;param&gt; doc states a default: "member (parameter)".</summary>
    public static TheoryData<string> Parameters()
    {
        var data = new TheoryData<string>();
        foreach (var (member, parameter, _) in DocumentedParameters()) data.Add($"{member} ({parameter})");
        return data;
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void XmlDocParameterDefault_IsTheParametersDefaultValue(string parameter)
    {
        var (member, name, written) = DocumentedParameters().Single(p => $"{p.Member} ({p.Parameter})" == parameter);
        var candidates = Methods(member).Select(m => m.GetParameters().FirstOrDefault(p => p.Name == name)).OfType<ParameterInfo>().ToList();
        candidates.ShouldNotBeEmpty($"{member} has no parameter {name}");

        foreach (var info in candidates)
        {
            info.HasDefaultValue.ShouldBeTrue($"{member}: the XML doc gives {name} the default \"{written}\", but the parameter is not optional");
            DocumentedDefault.Matches(info.DefaultValue, written).ShouldBe(true,
                $"{member}: the XML doc says {name}'s default is \"{written}\"; the parameter's default is {info.DefaultValue ?? "null"}");
        }
    }

    /// <summary>(member ID, parameter, stated default) of the public members' &lt;param&gt; docs that state one.</summary>
    private static IEnumerable<(string Member, string Parameter, string Written)> DocumentedParameters()
    {
        foreach (var (id, member) in Members.Value)
        {
            if (!id.StartsWith("M:", StringComparison.Ordinal) || !Methods(id).Any()) continue;
            foreach (var param in member.Elements("param"))
                if (StatedDefault(Text(param)) is { } written) yield return (id, (string)param.Attribute("name")!, written);
        }
    }

    /// <summary>The public methods or constructors a member ID names (every overload of the name: the parameter's own
    /// name then picks them).</summary>
    private static IEnumerable<MethodBase> Methods(string id)
    {
        string signature = id[2..];
        int paren = signature.IndexOf('(');
        string qualified = paren < 0 ? signature : signature[..paren];
        int dot = qualified.LastIndexOf('.');
        string typeName = qualified[..dot], method = qualified[(dot + 1)..];
        var type = Assemblies.Select(a => a.GetType(typeName) ?? a.GetType(NestedName(typeName))).FirstOrDefault(t => t is not null);
        if (type is null || !(type.IsPublic || type.IsNestedPublic)) return [];
        const BindingFlags all = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return method == "#ctor" ? type.GetConstructors(all) : type.GetMethods(all).Where(m => m.Name == method.Split("``")[0]);
    }

    private static string NestedName(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return dot < 0 ? typeName : typeName[..dot] + "+" + typeName[(dot + 1)..];
    }

    private static readonly Assembly[] Assemblies =
        [typeof(BackpropTrainer).Assembly, typeof(BackpropTuner).Assembly, typeof(ClusterTrainingOptions).Assembly,
         typeof(Reports.HtmlReport).Assembly, typeof(BackpropOnnxCatalog).Assembly];

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
        StatedDefault("Largest message. Default 512 MiB; at least 1 MiB.").ShouldBe("512 MiB");
        StatedDefault("Width in pixels. Default DefaultWidth (900); at least 16.").ShouldBe("900");
        StatedDefault("File name prefix. Default \"\" (none).").ShouldBe("\"\"");
        StatedDefault("No default here.").ShouldBeNull();
    }

    /// <summary>The default a summary states, as written.</summary>
    internal static string? StatedDefault(string summary)
    {
        var named = DefaultNamed().Match(summary);
        if (named.Success) return named.Groups["v"].Value;
        var match = DefaultFirst().Match(summary);
        if (match.Success) return match.Groups["v"].Value.Trim().TrimEnd('.');
        match = DefaultAfter().Match(summary);
        return match.Success ? match.Groups["v"].Value : null;
    }

    /// <summary>The summary as a reader sees it: a cross-reference as its last name segment, <c>code</c> as its text.</summary>
    internal static string Text(XElement element) => string.Join(' ', string.Concat(element.Nodes().Select(n => n switch
    {
        XText t => t.Value,
        XElement { Name.LocalName: "see" or "seealso" } e when e.Attribute("cref") is { } cref => cref.Value.Split('.', ':')[^1],
        XElement { Name.LocalName: "see" } e when e.Attribute("langword") is { } word => word.Value,
        XElement e => Text(e),
        _ => "",
    })).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true);

    private static string Name(Type type) => type.DeclaringType is { } outer ? $"{outer.Name}.{type.Name}" : type.Name;

    /// <summary>"Default 3e-3", "Default { 64, 32 }", "Default \"Label\"", "Default: the processor count", "Default 30 s".</summary>
    [GeneratedRegex(@"\bDefault(?:: (?<v>[a-z ]+?)(?=[;.,])| (?<v>\{[^}]*\}|""[^""]*""|[0-9][0-9.e+-]* (?:s|MiB)\b|[^\s;,:()]+))")]
    private static partial Regex DefaultFirst();

    /// <summary>"Default DefaultWidth (900)": a constant's name, then its value.</summary>
    [GeneratedRegex(@"\bDefault [A-Z][A-Za-z0-9]* \((?<v>[0-9][0-9.e+-]*)\)")]
    private static partial Regex DefaultNamed();

    /// <summary>"Constant (the default)", "null (default)".</summary>
    [GeneratedRegex(@"(?<v>[A-Za-z0-9]+) \((?:the )?default\)")]
    private static partial Regex DefaultAfter();
}
