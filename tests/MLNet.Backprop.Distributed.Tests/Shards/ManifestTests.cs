using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNet.Backprop.Distributed.Shards;
using MLNet.Backprop.Tests.TestSupport;
using MLNet.Backprop.Distributed.Tests.TestSupport;

namespace MLNet.Backprop.Distributed.Tests.Shards;

/// <summary>A manifest names only files inside its own directory, every field is checked when it is loaded, and a
/// shard is read no further than its header says, whatever the file is.</summary>
public sealed class ManifestTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mlbp-manifest-{Guid.NewGuid():N}");
    private readonly MLContext _ml = new(seed: 0);

    private ShardSet Write() => ShardSet.Write(_ml, _ml.Data.LoadFromEnumerable(Tabular.Rows(50, 3)), _directory, 2, new BackpropTrainer.Options
    {
        Task = BackpropTask.BinaryClassification, MicroBatchSize = 8,
    });

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("/etc/hostname")]
    [InlineData("../outside.mlbshard")]
    [InlineData("sub/shard.mlbshard")]
    [InlineData("/dev/zero")]
    [InlineData("..")]
    [InlineData("")]
    public void Load_ShardFileOutsideTheSet_RefusedNamingItWithoutReadingIt(string file)
    {
        var set = Write();
        ManifestEdit.Apply(set.ManifestPath, m => m["shards"]![0]!["file"] = file);
        var error = Should.Throw<InvalidDataException>(() => ShardSet.Load(set.ManifestPath));
        error.Message.ShouldContain(set.ManifestPath);
        error.Message.ShouldContain($"'{file}' is not a file name inside the shard set's directory");
    }

    public static TheoryData<string, Action<JsonObject>> Damages => new()
    {
        { "shard 1 is null", m => m["shards"]![1] = null },
        { "'summary.rows' is 0, but the shards list 50 rows", m => m.Remove("summary") },
        { "'summary.rows' is 49, but the shards list 50 rows", m => m["summary"]!["rows"] = 49 },
        { "'columns' is 0", m => m["columns"] = 0 },
        { "'summary.featureMeans' holds 4 values; 'columns' says 5", m => m["columns"] = 5 },
        { "'targetWidth' is 3", m => m["targetWidth"] = 3 },
        { "'task' is Auto", m => m["task"] = "Auto" },
        { "'task' is 17", m => m["task"] = 17 },
        { "holds label 2, which a BinaryClassification shard set cannot hold", m => m["summary"]!["classWeights"]![0]![0] = 2.0 },
        { "not [label, weight ≥ 0]", m => m["summary"]!["classWeights"]![0] = new JsonArray(1.0) },
        { "is not 64 hexadecimal digits", m => m["shards"]![0]!["sha256"] = "abc" },
        { "is listed twice", m => m["shards"]![1]!["file"] = m["shards"]![0]!["file"]!.GetValue<string>() },
        { "'summary.weightSum' is 0", m => m["summary"]!["weightSum"] = 0 },
        { "cannot be read: The JSON value could not be converted", m => m["summary"]!["weightSum"] = "NaN" },
        { "holds no manifest (null)", m => { foreach (var key in m.Select(p => p.Key).ToList()) m.Remove(key); } },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void Load_ManifestWithAFieldOutOfRange_InvalidDataExceptionNamingTheField(string expected, Action<JsonObject> damage)
    {
        var set = Write();
        if (expected == "holds no manifest (null)") File.WriteAllText(set.ManifestPath, "null");
        else ManifestEdit.Apply(set.ManifestPath, damage);
        var error = Should.Throw<InvalidDataException>(() => ShardSet.Load(set.ManifestPath));
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Load_ManifestOfTheWrongSize_RefusedWithoutReadingItAll()
    {
        var set = Write();
        File.WriteAllText(set.ManifestPath, "");
        Should.Throw<InvalidDataException>(() => ShardSet.Load(set.ManifestPath)).Message.ShouldContain("empty");
        using (var file = new FileStream(set.ManifestPath, FileMode.Create)) file.SetLength(ManifestCheck.MaxBytes + 1); // sparse
        Should.Throw<InvalidDataException>(() => ShardSet.Load(set.ManifestPath)).Message.ShouldContain("a manifest is at most");
    }

    [UnixFact]
    public void Load_ManifestIsADevice_RefusedAtOnce()
    {
        var set = Write();
        File.Delete(set.ManifestPath);
        File.CreateSymbolicLink(set.ManifestPath, "/dev/zero");
        Should.Throw<InvalidDataException>(() => ShardSet.Load(set.ManifestPath)).Message.ShouldContain("not a regular file");
    }

    [UnixFact]
    public void OpenShard_LinkToADevice_RefusedAtOnceNotHashedForever()
    {
        var set = Write();
        File.Delete(set.ShardPaths[0]);
        File.CreateSymbolicLink(set.ShardPaths[0], "/dev/zero");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Should.Throw<InvalidDataException>(() => ShardFile.Open(set.ShardPaths[0], set.Shards[0].Sha256)).Message.ShouldContain("shorter than a shard header");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [UnixFact]
    public void OpenShard_LinkToAShardElsewhere_Opened()
    {
        var set = Write();
        string elsewhere = Path.Combine(_directory, "elsewhere.bin");
        File.Move(set.ShardPaths[0], elsewhere);
        File.CreateSymbolicLink(set.ShardPaths[0], elsewhere);
        using var shard = ShardFile.Open(set.ShardPaths[0], set.Shards[0].Sha256);
        shard.Rows.ShouldBe(set.Shards[0].Rows);
    }

    [Fact]
    public void OpenShard_GrownBeyondItsHeader_RefusedWithoutHashingTheRest()
    {
        var set = Write();
        using (var file = new FileStream(set.ShardPaths[0], FileMode.Open)) file.SetLength(64L << 30); // 64 GB, sparse
        Should.Throw<InvalidDataException>(() => ShardFile.Open(set.ShardPaths[0], set.Shards[0].Sha256)).Message.ShouldContain("its header (");
    }

    [Fact]
    public void OpenShard_HeaderClaimingAnOverflowingSize_Refused()
    {
        var set = Write();
        using (var file = new FileStream(set.ShardPaths[0], FileMode.Open))
        {
            file.Position = 12;
            file.Write(BitConverter.GetBytes(int.MaxValue)); // columns
            file.Position = 24;
            file.Write(BitConverter.GetBytes(long.MaxValue / 2)); // rows
        }
        Should.Throw<InvalidDataException>(() => ShardFile.Open(set.ShardPaths[0], set.Shards[0].Sha256)).Message.ShouldContain(set.ShardPaths[0]);
    }
}
