using System.Net;
using ChurnPrediction.Data;
using MLNet.Backprop.Tests.TestSupport;

namespace ChurnPrediction.Tests;

public class TelcoSourceTests
{
    [Fact]
    public void HasExpectedHash_WrongFile_IsRejected()
    {
        string dir = SampleRunner.TempDirectory();
        string path = Path.Combine(dir, TelcoSource.FileName);
        File.WriteAllText(path, "customerID,Churn\n0000-AAAAA,No\n");
        TelcoSource.HasExpectedHash(path).ShouldBeFalse();
        Directory.Delete(dir, recursive: true);
    }

    [TelcoFact]
    public void HasExpectedHash_SharedFile_IsAccepted() =>
        TelcoSource.HasExpectedHash(SampleRunner.SharedFile(TelcoSource.FileName)).ShouldBeTrue();

    [Fact]
    public void TryDownload_ContentWithWrongHash_IsDiscardedAndNotCached()
    {
        string dir = SampleRunner.TempDirectory();
        var source = new TelcoSource { CacheDirectory = dir, Handler = new FixedHandler(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("not the telco file") }) };
        string target = Path.Combine(dir, TelcoSource.FileName);

        string? failure = source.TryDownload(target);

        failure.ShouldNotBeNull().ShouldContain("SHA-256");
        File.Exists(target).ShouldBeFalse();
        Directory.GetFiles(dir).ShouldBeEmpty(); // no partial file left behind
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Resolve_NoFileAndNoNetwork_SaysSoAndFallsBackToSyntheticData()
    {
        string dir = SampleRunner.TempDirectory();
        var source = new TelcoSource
        {
            CacheDirectory = Path.Combine(dir, "cache"), SearchStarts = [dir], SearchCeiling = dir,
            Handler = new FixedHandler(() => throw new HttpRequestException("Name or service not known")),
        };
        var log = new StringWriter();

        var result = source.Resolve(userPath: null, synthetic: false, Path.Combine(dir, "out"), seed: 0, log);

        result.IsSynthetic.ShouldBeTrue();
        File.Exists(result.Path).ShouldBeTrue();
        log.ToString().ShouldContain("Could not get the real data");
        Directory.Delete(dir, recursive: true);
    }

    [TelcoFact]
    public void Resolve_SharedCopyAboveTheCeiling_IsNotUsed()
    {
        // A verified copy two levels above the search start: found without a ceiling, ignored above one.
        string root = SampleRunner.TempDirectory();
        string shared = Path.Combine(root, "shared", "data", "telco-churn");
        Directory.CreateDirectory(shared);
        File.Copy(SampleRunner.SharedFile(TelcoSource.FileName), Path.Combine(shared, TelcoSource.FileName));
        string start = Path.Combine(root, "work", "tests");
        Directory.CreateDirectory(start);
        TelcoSource Source(string? ceiling) => new()
        {
            CacheDirectory = Path.Combine(start, "cache"), SearchStarts = [start], SearchCeiling = ceiling,
            Handler = new FixedHandler(() => throw new HttpRequestException("offline")),
        };

        Source(null).Resolve(null, false, start, 0, TextWriter.Null).IsSynthetic.ShouldBeFalse();
        Source(Path.Combine(root, "work")).Resolve(null, false, start, 0, TextWriter.Null).IsSynthetic.ShouldBeTrue();
        Directory.Delete(root, recursive: true);
    }

    [TelcoFact]
    public void Resolve_InsideTheRepository_FindsTheSharedCopy()
    {
        var result = new TelcoSource { CacheDirectory = SampleRunner.TempDirectory(), SearchStarts = [AppContext.BaseDirectory] }
            .Resolve(null, false, Path.GetTempPath(), 0, TextWriter.Null);
        result.IsSynthetic.ShouldBeFalse();
        result.Path.ShouldBe(Path.Combine(Telco.Directory!, TelcoSource.FileName));
    }

    private sealed class FixedHandler(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(respond());
    }
}
