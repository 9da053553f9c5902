using System.Xml.Linq;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>One <c>&lt;example&gt;</c> code block of a package's XML documentation.</summary>
/// <param name="Member">The documented member's ID, e.g. <c>T:MLNet.Backprop.BackpropTrainer.Options</c>.</param>
/// <param name="Code">The code, as a reader sees it.</param>
public sealed record DocExample(string Package, string Member, string Code)
{
    /// <summary>The five packages, whose XML documentation files the build copies beside the test assembly.</summary>
    public static readonly string[] Packages =
        ["MLNet.Backprop", "MLNet.Backprop.Onnx", "MLNet.Backprop.Experiments", "MLNet.Backprop.Reports", "MLNet.Backprop.Distributed"];

    public static IReadOnlyList<DocExample> All { get; } = Packages.SelectMany(Read).ToArray();

    public override string ToString() => Member;

    private static IEnumerable<DocExample> Read(string package)
    {
        string path = Path.Combine(AppContext.BaseDirectory, package + ".xml");
        if (!File.Exists(path)) throw new FileNotFoundException($"The XML documentation of {package} is not beside the tests: {path}");
        foreach (var member in XDocument.Load(path).Descendants("member"))
            foreach (var code in member.Elements("example").Elements("code"))
                yield return new DocExample(package, (string)member.Attribute("name")!, Unindent(code.Value));
    }

    /// <summary>The code without the blank first and last lines and the indentation every line shares.</summary>
    private static string Unindent(string code)
    {
        var lines = code.Replace("\r", "").Split('\n').SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToArray();
        int indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }
}
