using Xunit.Abstractions;

namespace MLNet.Backprop.Readme.Tests;

/// <summary>Every C# block of README.md compiles against the packages (a new user found two that did not:
/// <c>HtmlReport.Write(..., metrics)</c> with ML.NET's metrics object, and <c>model.LastTransformer.Model</c> on a
/// pipeline ending in <c>MapKeyToValue</c>).</summary>
public class ReadmeCompilesTests(ITestOutputHelper output)
{
    public static TheoryData<int> Blocks()
    {
        var data = new TheoryData<int>();
        foreach (var block in ReadmeBlocks.All()) data.Add(block.Line);
        return data;
    }

    [Fact]
    public void Readme_HasCSharpBlocks()
    {
        ReadmeBlocks.All().Count.ShouldBeGreaterThanOrEqualTo(8);
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void ReadmeBlock_Compiles(int line)
    {
        var block = ReadmeBlocks.All().Single(b => b.Line == line);
        var errors = SnippetCompiler.Errors(block);
        foreach (var e in errors) output.WriteLine(e);
        errors.ShouldBeEmpty($"{block} does not compile:\n{string.Join('\n', errors)}");
    }
}
