using Recommendation.Data;

namespace Recommendation.Tests;

/// <summary>A --data folder whose files cannot give the sample's test errors is named before any model trains.</summary>
public sealed class InstEvalFilesTests : IDisposable
{
    private const string Header = "\"student\",\"lecturer\",\"department\",\"service\",\"student_age\",\"lecture_age\",\"rating\"";

    private readonly string _folder = Directory.CreateTempSubdirectory("insteval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string file, params string[] rows) => File.WriteAllLines(Path.Combine(_folder, file), [Header, .. rows]);

    [Fact]
    public void Locate_TestFileWithTheHeaderOnly_ThrowsNamingTheFile()
    {
        // Before: the folder was accepted, every model's test RMSE and MAE printed 0.0000 (ML.NET's evaluator on no rows),
        // then the reference model failed with "Sequence contains no elements".
        Write("insteval_train.csv", "\"s1\",\"d1\",\"dept1\",0,2,1,4", "\"s2\",\"d1\",\"dept1\",1,2,1,3");
        Write("insteval_test.csv");

        var error = Should.Throw<InvalidDataException>(() => InstEvalFiles.Locate(_folder));

        error.Message.ShouldContain(Path.Combine(_folder, "insteval_test.csv"));
        error.Message.ShouldContain("no rating");
    }

    [Fact]
    public void Locate_NoTestFile_ThrowsNamingTheFile()
    {
        Write("insteval_train.csv", "\"s1\",\"d1\",\"dept1\",0,2,1,4");

        Should.Throw<FileNotFoundException>(() => InstEvalFiles.Locate(_folder)).Message.ShouldContain("insteval_test.csv");
    }

    [Fact]
    public void Locate_BothFilesWithRatings_ReturnsTheFolder()
    {
        Write("insteval_train.csv", "\"s1\",\"d1\",\"dept1\",0,2,1,4");
        Write("insteval_test.csv", "", "\"s1\",\"d2\",\"dept1\",0,2,1,5");

        InstEvalFiles.Locate(_folder).ShouldBe(_folder);
    }
}
