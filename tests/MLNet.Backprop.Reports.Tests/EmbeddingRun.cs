using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Reports.Tests;

/// <summary>One short real training run with two categorical columns: 60 users (more than the projection labels), one
/// of them named with HTML's special characters, and 10 items.</summary>
public sealed class EmbeddingRun
{
    public const string HostileUser = "u<7>&'x'";

    public EmbeddingRun()
    {
        var ml = new MLContext(0);
        var rows = KeyedRows.Make(2000, 1, users: 60);
        foreach (var row in rows) if (row.User == "u7") row.User = HostileUser;
        Options = KeyedRows.Options(["UserKey", "ItemKey"], epochs: 6);
        Model = KeyedRows.Train(ml, KeyedRows.Mapped(ml, rows), Options);
    }

    public BackpropTrainer.Options Options { get; }

    public BackpropModel Model { get; }
}
