namespace MLNet.Backprop.Documentation.Tests;

/// <summary>The <c>&lt;example&gt;</c> code of the API reference compiles against the packages, and the main entry
/// points have one.</summary>
public sealed class XmlDocExampleTests
{
    /// <summary>The entry points a user starts from (the API reference's home page links them).</summary>
    public static readonly string[] EntryPoints =
    [
        "M:MLNet.Backprop.BackpropCatalog.Backprop(Microsoft.ML.BinaryClassificationCatalog.BinaryClassificationTrainers,MLNet.Backprop.BackpropTrainer.Options)",
        "M:MLNet.Backprop.BackpropCatalog.Backprop(Microsoft.ML.BinaryClassificationCatalog.BinaryClassificationTrainers,System.String,System.String,System.String,System.Int32[],System.Nullable{System.Int32},System.Nullable{System.Single},System.Nullable{System.Int32},System.Nullable{MLNet.Backprop.Activation})",
        "M:MLNet.Backprop.BackpropCatalog.Backprop(Microsoft.ML.MulticlassClassificationCatalog.MulticlassClassificationTrainers,MLNet.Backprop.BackpropTrainer.Options)",
        "M:MLNet.Backprop.BackpropCatalog.Backprop(Microsoft.ML.RegressionCatalog.RegressionTrainers,MLNet.Backprop.BackpropTrainer.Options)",
        "T:MLNet.Backprop.BackpropTrainer.Options",
        "M:MLNet.Backprop.BackpropCatalog.SaveBackprop(Microsoft.ML.ModelOperationsCatalog,Microsoft.ML.ITransformer,Microsoft.ML.DataViewSchema,System.String)",
        "M:MLNet.Backprop.BackpropCatalog.LoadBackprop(Microsoft.ML.ModelOperationsCatalog,System.String,Microsoft.ML.DataViewSchema@)",
        "M:MLNet.Backprop.BackpropOnnxCatalog.ConvertToOnnxBackprop(Microsoft.ML.ModelOperationsCatalog,Microsoft.ML.ITransformer,Microsoft.ML.IDataView,System.IO.Stream)",
        "T:MLNet.Backprop.Experiments.BackpropTuner",
        "T:MLNet.Backprop.Distributed.DistributedBackpropTrainer",
        "T:MLNet.Backprop.Reports.HtmlReport",
    ];

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var group in DocExample.All.GroupBy(e => e.Member))
            for (int i = 0; i < group.Count(); i++) data.Add(group.Count() == 1 ? group.Key : $"{group.Key} #{i + 1}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_CompilesAgainstThePackages_WithoutErrorsOrWarnings(string example)
    {
        string member = example.Split(" #")[0];
        int index = example.Contains(" #") ? int.Parse(example.Split(" #")[1]) - 1 : 0;
        var code = DocExample.All.Where(e => e.Member == member).ElementAt(index).Code;

        var diagnostics = SnippetCompiler.Diagnose(code);

        diagnostics.ShouldBeEmpty($"The <example> of {member} does not compile:\n{string.Join("\n", diagnostics)}\n--- code ---\n{code}");
    }

    [Fact]
    public void EntryPoints_EachHaveAnExample()
    {
        var documented = DocExample.All.Select(e => e.Member).ToHashSet();

        EntryPoints.Where(m => !documented.Contains(m)).ShouldBeEmpty("entry points without an <example> in their XML docs");
    }

    [Fact]
    public void SnippetCompiler_BrokenSnippet_ReportsTheErrorOnItsLine()
    {
        // The check can fail: a snippet calling a member that does not exist is reported, on the snippet's own line.
        var diagnostics = SnippetCompiler.Diagnose("using MLNet.Backprop;\n\nvar options = new BackpropTrainer.Options();\noptions.NoSuchOption = 1;");

        diagnostics.ShouldHaveSingleItem().ShouldStartWith("line 4: CS1061");
    }
}
