using Microsoft.ML;
using Microsoft.ML.Data;
using ChurnPrediction.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace ChurnPrediction.Tests;

public class FnvSplitTests
{
    [Fact]
    public void Hash_KnownCustomer_MatchesPublishedValueAndGoesToTrain()
    {
        FnvSplit.Hash("7590-VHVEG").ShouldBe(2030347141u);
        FnvSplit.IsTest("7590-VHVEG").ShouldBeFalse();
    }

    [Fact]
    public void Hash_EmptyString_IsOffsetBasis() => FnvSplit.Hash("").ShouldBe(0x811C9DC5u);

    [TelcoFact]
    public void Split_RawFile_ReproducesSharedTrainAndTestFilesExactly()
    {
        var ml = new MLContext(seed: 0);
        var (train, test) = FnvSplit.Split(ml, TelcoCsv.Load(ml, SampleRunner.SharedFile(TelcoSource.FileName), requireChurn: true));

        var trainIds = train.GetColumn<ReadOnlyMemory<char>>(TelcoSchema.CustomerId).Select(id => id.ToString()).ToList();
        var testIds = test.GetColumn<ReadOnlyMemory<char>>(TelcoSchema.CustomerId).Select(id => id.ToString()).ToList();

        trainIds.Count.ShouldBe(5642);
        testIds.Count.ShouldBe(1401);
        trainIds.ShouldBe(IdsOf("train.csv")); // same customers, same order
        testIds.ShouldBe(IdsOf("test.csv"));
    }

    private static List<string> IdsOf(string file) =>
        File.ReadLines(SampleRunner.SharedFile(file)).Skip(1).Where(l => l.Length > 0).Select(l => l[..l.IndexOf(',')]).ToList();
}
