using Microsoft.CodeAnalysis;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>
/// Compiles a documentation snippet the way a reader would use it: its <c>using</c> lines at the top of a file, the
/// rest as the body of an async method given an <c>MLContext ml</c> and two data views, <c>trainData</c> and
/// <c>testData</c>, whose columns the snippet names (the examples say what they expect of them). References and
/// compiler settings: <see cref="SnippetCompilation"/>. Any warning fails, as in the packages' own build.
/// </summary>
public static class SnippetCompiler
{
    /// <summary>The usings a new console project has (ImplicitUsings) besides the snippet's own.</summary>
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>Warnings that say nothing about the snippet: an async body without await (the host method is async
    /// so that snippets may await).</summary>
    private static readonly string[] IgnoredWarnings = ["CS1998"];

    /// <summary>The compiler's errors and warnings, each with its line in the snippet; empty when it compiles cleanly.</summary>
    public static IReadOnlyList<string> Diagnose(string snippet)
    {
        var lines = snippet.Split('\n');
        var usings = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(';') && !l.Contains('(') || l.Trim().Length == 0).ToArray();
        string body = string.Join('\n', lines.Skip(usings.Length));
        var own = usings.Where(u => u.Trim().Length > 0).Select(u => u.Trim()).ToHashSet();
        var header = ImplicitUsings.Select(n => $"using {n};").Where(u => !own.Contains(u)).Concat(own);

        string source = string.Join('\n', header) + "\n" +
            "public static class Snippet\n{\n" +
            "    public static async System.Threading.Tasks.Task Run(Microsoft.ML.MLContext ml, Microsoft.ML.IDataView trainData, Microsoft.ML.IDataView testData)\n    {\n" +
            $"#line {usings.Length + 1}\n" + body + "\n#line default\n    }\n}\n";
        return SnippetCompilation.Compile("Snippet", source, OutputKind.DynamicallyLinkedLibrary)
            .Where(d => d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning && !IgnoredWarnings.Contains(d.Id))
            .Select(d => $"line {d.Location.GetMappedLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage()}")
            .ToArray();
    }
}
