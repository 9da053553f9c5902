using MLNet.Backprop.Quality.DataSets;

namespace MLNet.Backprop.Quality.Tests;

public class CsvTableTests
{
    [Fact]
    public void Parse_QuotedFields_Unquoted()
    {
        var table = CsvTable.Parse("\"a\",\"b\"\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n");
        table.Header.ShouldBe(["a", "b"]);
        table.Rows[0].ShouldBe(["x, y", "say \"hi\""]);
        table.Lines[0].ShouldBe("\"x, y\",\"say \"\"hi\"\"\"");
    }

    [Fact]
    public void Parse_EmptyFieldsAndBlankLines_Kept()
    {
        var table = CsvTable.Parse("a,b,c\n1,,3\n\n,2,\n");
        table.Rows.Count.ShouldBe(2);
        table.Rows[1].ShouldBe(["", "2", ""]);
    }

    [Fact]
    public void Parse_WrongFieldCount_ThrowsNamingLine() =>
        Should.Throw<InvalidDataException>(() => CsvTable.Parse("a,b\n1,2\n3\n")).Message.ShouldContain("line 3");

    [Fact]
    public void Parse_UnbalancedQuote_Throws() => Should.Throw<InvalidDataException>(() => CsvTable.Parse("a,b\n\"1,2\n"));

    [Fact]
    public void DistinctValues_SkipsEmpty_OrdinalOrder() =>
        CsvTable.Parse("a\nb\nB\n\na\n\" \"\n").DistinctValues(0).ShouldBe(["B", "a", "b"]);
}
