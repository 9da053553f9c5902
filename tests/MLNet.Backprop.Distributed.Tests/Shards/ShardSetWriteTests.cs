using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Distributed.Tests.Shards;

/// <summary>Writing a shard set over an existing one replaces it only once every new shard is written: a write that
/// fails part-way leaves the old set as it was, loadable and with its shards matching its manifest.</summary>
public sealed class ShardSetWriteTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mlbp-shard-write-{Guid.NewGuid():N}");
    private readonly MLContext _ml = new(seed: 0);
    private static readonly BackpropTrainer.Options Options = new() { Task = BackpropTask.BinaryClassification, MicroBatchSize = 8 };

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true); // a test that writes elsewhere never creates it
    }

    /// <summary>A view whose first cursor reads <paramref name="first"/> and every later one <paramref name="later"/>: the
    /// counting pass sees one data set, the writing pass another.</summary>
    private sealed class SwitchingView(IDataView first, IDataView later) : IDataView
    {
        private int _opened;

        public bool CanShuffle => false;

        public Microsoft.ML.DataViewSchema Schema => first.Schema;

        public long? GetRowCount() => null;

        public Microsoft.ML.DataViewRowCursor GetRowCursor(IEnumerable<Microsoft.ML.DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var source = Interlocked.Increment(ref _opened) == 1 ? first : later;
            return source.GetRowCursor(columnsNeeded.Select(c => source.Schema[c.Index]));
        }

        public Microsoft.ML.DataViewRowCursor[] GetRowCursorSet(IEnumerable<Microsoft.ML.DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];
    }

    private Dictionary<string, byte[]> Files() =>
        Directory.GetFiles(_directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void Write_FailingAfterTheFirstShardOverAnExistingSet_LeavesTheOldSetIntact()
    {
        ShardSet.Write(_ml, _ml.Data.LoadFromEnumerable(Tabular.Rows(90, 1)), _directory, 3, Options);
        var before = Files();
        // 90 rows counted, 40 written: the first shard (30 rows) is complete, the second runs out.
        var failing = new SwitchingView(_ml.Data.LoadFromEnumerable(Tabular.Rows(90, 2)), _ml.Data.LoadFromEnumerable(Tabular.Rows(40, 2)));
        Should.Throw<InvalidOperationException>(() => ShardSet.Write(_ml, failing, _directory, 3, Options))
            .Message.ShouldContain("fewer rows the second time");
        // Before: shard-00000.mlbshard was the new set's, under the old manifest (its SHA-256 no longer matched), and
        // shard-00001.mlbshard.tmp was left beside it.
        var after = Files();
        after.Keys.Order().ShouldBe(before.Keys.Order());
        foreach (var (name, bytes) in before) after[name].ShouldBe(bytes, name);
        ShardSet.Load(_directory).Rows.ShouldBe(90);
    }

    [Fact]
    public void Write_OverAnExistingSet_ReplacesEveryShardAndLeavesNoTemporaryFile()
    {
        ShardSet.Write(_ml, _ml.Data.LoadFromEnumerable(Tabular.Rows(90, 1)), _directory, 3, Options);
        var set = ShardSet.Write(_ml, _ml.Data.LoadFromEnumerable(Tabular.Rows(60, 2)), _directory, 3, Options);
        Files().Keys.Order().ShouldBe(["shard-00000.mlbshard", "shard-00001.mlbshard", "shard-00002.mlbshard", "shards.json"]);
        set.Rows.ShouldBe(60);
        ShardSet.Load(_directory).Rows.ShouldBe(60);
    }

    [Fact]
    public void Write_DirectoryIsAFile_RefusedBeforeReadingTheDataNamingIt()
    {
        Directory.CreateDirectory(_directory);
        string file = Path.Combine(_directory, "shards");
        File.WriteAllText(file, "not a folder");
        var unread = new UnreadableView(_ml.Data.LoadFromEnumerable(Tabular.Rows(30, 1)));
        var error = Should.Throw<IOException>(() => ShardSet.Write(_ml, unread, Path.Combine(file, "set"), 1, Options));
        error.Message.ShouldContain($"'{file}' is a file, not a folder");
        File.ReadAllText(file).ShouldBe("not a folder");
    }

    // Linux's sysfs refuses new files and folders even to root (the tests run as root, so permissions cannot stand in for
    // an unwritable folder). Before: the counting pass read every row, then .NET's "Access to the path … is denied".
    [Theory]
    [InlineData("/sys")]
    [InlineData("/sys/mlbp-shards")]
    public void Write_FolderThatCannotBeWritten_RefusedBeforeReadingTheDataNamingIt(string folder)
    {
        var unread = new UnreadableView(_ml.Data.LoadFromEnumerable(Tabular.Rows(30, 1)));
        var error = Should.Throw<IOException>(() => ShardSet.Write(_ml, unread, folder, 1, Options));
        error.Message.ShouldStartWith($"Cannot write the shard set to '{folder}': ");
        error.Message.ShouldContain("checked before the data is read");
        error.InnerException.ShouldBeOfType<UnauthorizedAccessException>();
        Directory.GetFiles("/sys").ShouldNotContain(f => Path.GetFileName(f).StartsWith(".write-check", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_NoUsableRowIntoANewFolder_LeavesNoFolderBehind()
    {
        // The writability probe creates the folder and removes it again: a data error found by the counting pass leaves
        // nothing, as before the probe.
        var rows = Tabular.Rows(20, 1);
        foreach (var row in rows) row.Features[0] = float.NaN;
        string folder = Path.Combine(_directory, "new", "set");
        var options = new BackpropTrainer.Options { Task = BackpropTask.BinaryClassification, MicroBatchSize = 8, SkipRowsWithNonFiniteFeatures = true };
        Should.Throw<InvalidOperationException>(() => ShardSet.Write(_ml, _ml.Data.LoadFromEnumerable(rows), folder, 1, options))
            .Message.ShouldContain("nothing to shard");
        Directory.Exists(_directory).ShouldBeFalse();
    }

    /// <summary>A view whose rows cannot be read: a write that reads them first fails with this view's exception.</summary>
    private sealed class UnreadableView(IDataView view) : IDataView
    {
        public bool CanShuffle => false;

        public Microsoft.ML.DataViewSchema Schema => view.Schema;

        public long? GetRowCount() => null;

        public Microsoft.ML.DataViewRowCursor GetRowCursor(IEnumerable<Microsoft.ML.DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            throw new InvalidOperationException("The rows were read before the folder was checked.");

        public Microsoft.ML.DataViewRowCursor[] GetRowCursorSet(IEnumerable<Microsoft.ML.DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];
    }
}
