using ChurnPrediction;
using ChurnPrediction.Data;

namespace ChurnPrediction.Tests;

public class TelcoCsvTests : IDisposable
{
    private const string GoodRow = "7590-VHVEG,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,Month-to-month,Yes,Electronic check,29.85,29.85,No";
    private readonly string _dir = SampleRunner.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(params string[] lines)
    {
        string path = Path.Combine(_dir, "customers.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Header => string.Join(',', TelcoSchema.Header);

    [Fact]
    public void Validate_GoodFile_ReturnsColumnIndexes()
    {
        var index = TelcoCsv.Validate(Write(Header, GoodRow, GoodRow.Replace(",29.85,29.85,", ",20.00, ,")), requireChurn: true);
        index["Churn"].ShouldBe(20);
    }

    [Fact]
    public void Validate_MissingColumn_NamesFileLineAndColumn()
    {
        string path = Write(Header.Replace(",Contract,", ",Plan,"), GoodRow);
        var e = Should.Throw<MalformedDataException>(() => TelcoCsv.Validate(path, requireChurn: true));
        e.Message.ShouldContain("customers.csv, line 1");
        e.Message.ShouldContain("'Contract'");
    }

    [Fact]
    public void Validate_WrongFieldCount_NamesLineAndCounts()
    {
        string path = Write(Header, GoodRow, GoodRow[..GoodRow.LastIndexOf(',')]);
        var e = Should.Throw<MalformedDataException>(() => TelcoCsv.Validate(path, requireChurn: true));
        e.Message.ShouldBe("customers.csv, line 3: expected 21 comma-separated fields (as in the header), found 20.");
    }

    [Fact]
    public void Validate_TextInNumberColumn_NamesColumnAndValue()
    {
        string path = Write(Header, GoodRow.Replace(",1,No,No phone", ",one,No,No phone"));
        Should.Throw<MalformedDataException>(() => TelcoCsv.Validate(path, requireChurn: true))
            .Message.ShouldBe("customers.csv, line 2, column 'tenure': expected a number, found 'one'.");
    }

    [Fact]
    public void Validate_ChurnIsOptionalForScoring()
    {
        string header = Header[..Header.LastIndexOf(',')];
        string row = GoodRow[..GoodRow.LastIndexOf(',')];
        TelcoCsv.Validate(Write(header, row), requireChurn: false).ContainsKey("Churn").ShouldBeFalse();
        Should.Throw<MalformedDataException>(() => TelcoCsv.Validate(Write(header, row), requireChurn: true));
    }

    [Fact]
    public void Train_MalformedFile_ExitCode1WithoutStackTrace()
    {
        string path = Write(Header, GoodRow, "1234-ABCDE,Male,0");
        var (code, _, error) = SampleRunner.Run("--data", path, "--output-dir", Path.Combine(_dir, "out"), "--quiet");
        code.ShouldBe(ChurnApp.DataError);
        error.ShouldContain("customers.csv, line 3: expected 21");
        error.ShouldNotContain("   at ");
    }

    [Fact]
    public void Predict_MissingModel_ExitCode1()
    {
        var (code, _, error) = SampleRunner.Run("predict", "--model", Path.Combine(_dir, "none.zip"), "--input", Write(Header, GoodRow));
        code.ShouldBe(ChurnApp.DataError);
        error.ShouldStartWith("error: ");
    }
}
