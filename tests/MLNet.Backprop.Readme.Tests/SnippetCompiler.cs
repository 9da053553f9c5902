using Microsoft.CodeAnalysis;
using MLNet.Backprop.Documentation.Tests;

namespace MLNet.Backprop.Readme.Tests;

/// <summary>
/// Compiles a README block as a user would paste it into a program: its <c>using</c> lines first, the rest as the body
/// of a method. The variables a block uses without declaring (the data, the model of an earlier block...) are declared
/// from <see cref="Ambient"/>, with the type a user would have at that point; a name missing there fails the test,
/// so a new block cannot rely on an undeclared name silently.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>What the README's prose gives a block to work with. <c>model</c> is a whole fitted pipeline of any
    /// steps (after <c>MapKeyToValue</c>, say), so a block must find the trainer's model in it rather than assume it is
    /// the last step; <c>metrics</c> is what ML.NET's binary evaluator returns.</summary>
    public static readonly IReadOnlyDictionary<string, string> Ambient = new Dictionary<string, string>
    {
        ["ml"] = "Microsoft.ML.MLContext",
        ["train"] = "Microsoft.ML.IDataView",
        ["test"] = "Microsoft.ML.IDataView",
        ["trainData"] = "Microsoft.ML.IDataView",
        ["featurizedTrain"] = "Microsoft.ML.IDataView",
        ["featurizedTest"] = "Microsoft.ML.IDataView",
        ["pipeline"] = "Microsoft.ML.Data.EstimatorChain<Microsoft.ML.ITransformer>",
        ["model"] = "Microsoft.ML.Data.TransformerChain<Microsoft.ML.ITransformer>",
        ["options"] = "MLNet.Backprop.BackpropTrainer.Options",
        ["metrics"] = "Microsoft.ML.Data.CalibratedBinaryClassificationMetrics",
        ["rows"] = "int",
        ["features"] = "float[]",
        ["targets"] = "float[]",
        ["coordinatorSiloHost"] = "Microsoft.Extensions.Hosting.IHost",
    };

    /// <summary>The compiler's errors for the block, each with its README line; empty when it compiles.</summary>
    public static IReadOnlyList<string> Errors(ReadmeBlocks.Block block)
    {
        if (block.IsProgram) return [.. CompileProgram(block.Code, block.Line).Select(d => $"line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage()}")];
        var lines = block.Code.Split('\n');
        int firstBody = 0;
        while (firstBody < lines.Length && (lines[firstBody].TrimStart().StartsWith("using ", StringComparison.Ordinal) || lines[firstBody].Trim().Length == 0)) firstBody++;
        string usings = string.Join('\n', lines[..firstBody]);
        string body = string.Join('\n', lines[firstBody..]);

        var first = Compile(usings, body, [], block.Line + firstBody);
        var undeclared = first.Where(d => d.Id == "CS0103").Select(d => d.GetMessage().Split('\'')[1]).Distinct().ToList();
        var unknown = undeclared.Where(n => !Ambient.ContainsKey(n)).ToList();
        if (unknown.Count > 0) return [$"uses {string.Join(", ", unknown)}, declared nowhere (neither in the block nor in SnippetCompiler.Ambient)"];
        var errors = undeclared.Count == 0 ? first : Compile(usings, body, undeclared, block.Line + firstBody);
        return [.. errors.Select(d => $"line {block.Line + firstBody + d.Location.GetLineSpan().StartLinePosition.Line - Prelude(undeclared).Length}: {d.Id} {d.GetMessage()}")];
    }

    private static string[] Prelude(IReadOnlyList<string> ambient) => [.. ambient.Select(n => $"{Ambient[n]} {n} = default!;")];

    /// <summary>A whole program as a console app compiles it (with the SDK's implicit usings).</summary>
    private static List<Diagnostic> CompileProgram(string code, int line)
    {
        string source = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
                        "#line " + line + "\n" + code + "\n";
        return [.. SnippetCompilation.Compile("ReadmeProgram", source, OutputKind.ConsoleApplication).Where(d => d.Severity == DiagnosticSeverity.Error)];
    }

    private static List<Diagnostic> Compile(string usings, string body, IReadOnlyList<string> ambient, int bodyLine)
    {
        // The body starts on the line after the prelude, so diagnostics map back to README lines.
        string source = $"{usings}\nusing System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\n" +
                        "static class Snippet\n{\nstatic void Run()\n{\n" +
                        string.Join('\n', Prelude(ambient)) + (ambient.Count > 0 ? "\n" : "") +
                        "#line " + bodyLine + "\n" + body + "\n}\n}\n";
        return [.. SnippetCompilation.Compile("ReadmeSnippet", source, OutputKind.DynamicallyLinkedLibrary).Where(d => d.Severity == DiagnosticSeverity.Error)];
    }
}
