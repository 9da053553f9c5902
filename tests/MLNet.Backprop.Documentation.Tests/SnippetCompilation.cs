using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MLNet.Backprop.Documentation.Tests;

/// <summary>
/// Compiling a piece of the documentation as a reader's program would be compiled: the references (the framework and
/// every managed assembly beside the tests, i.e. the packages and their dependencies), the latest language version,
/// nullable enabled. Shared by the XML docs' examples (<see cref="SnippetCompiler"/>) and the README's blocks
/// (MLNet.Backprop.Readme.Tests links this file), which wrap the code each their own way.
/// </summary>
internal static class SnippetCompilation
{
    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    /// <summary>Every diagnostic of <paramref name="source"/> compiled on its own as <paramref name="kind"/>.</summary>
    public static IReadOnlyList<Diagnostic> Compile(string assemblyName, string source, OutputKind kind)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(assemblyName, [tree], References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics();
    }

    private static MetadataReference[] LoadReferences()
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        return framework.Concat(local)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
            .Where(IsManaged)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }

    /// <summary>A managed assembly (native libraries sit beside them).</summary>
    private static bool IsManaged(string path)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(path));
            return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
