using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Tests;

public class ColumnTypeInferenceTests
{
    [Fact]
    public void Infer_NumbersWithMissing_Numeric() => ColumnTypeInference.Infer(["1", "", " ", "2.5e3", "-0.1"]).ShouldBe(ColumnKind.Numeric);

    [Fact]
    public void Infer_OneWord_Categorical() => ColumnTypeInference.Infer(["1", "2", "n"]).ShouldBe(ColumnKind.Categorical);

    [Fact]
    public void Infer_AllMissing_Ignored() => ColumnTypeInference.Infer(["", " "]).ShouldBe(ColumnKind.Ignored);

    [Fact]
    public void Layout_DeclaredCodes_Categorical()
    {
        var table = CsvTable.Parse("code,x,label\n1,0.5,a\n2,1.5,b\n3,,a\n");
        var layout = DataSetLayout.Infer(table, new DataSetInfo("t", TaskKind.Binary, "t.csv", PositiveClass: "a", CategoricalCodes: ["code"]));
        layout.Categorical.Select(c => c.Name).ShouldBe(["code"]);
        layout.Numeric.Single().Missing.ShouldBe(1);
        layout.NegativeClass.ShouldBe("b");
    }

    [Fact]
    public void Layout_BinaryWithoutPositiveClass_Throws()
    {
        var table = CsvTable.Parse("x,label\n1,a\n2,b\n");
        Should.Throw<InvalidDataException>(() => DataSetLayout.Infer(table, new DataSetInfo("t", TaskKind.Binary, "t.csv", PositiveClass: "yes")))
            .Message.ShouldContain("positive class 'yes'");
    }
}
