using Microsoft.ML;
using MLNet.Backprop.Tests.TestSupport;

namespace MLNet.Backprop.Tests;

/// <summary><see cref="EmbeddingTable.Project2D"/> on a trained table: every key value, named, centred, and the
/// table's geometry kept when it is already planar.</summary>
public class EmbeddingProjectionTests
{
    [Fact]
    public void Project2D_TrainedTableOfWidth2_NamedCentredAndDistancesKept()
    {
        var ml = new MLContext(seed: 1);
        var options = KeyedRows.Options(["UserKey", "ItemKey"], epochs: 30);
        options.EmbeddingWidths = new() { ["UserKey"] = 2 };
        var model = KeyedRows.Train(ml, KeyedRows.Mapped(ml, KeyedRows.Make(6000, 1, users: 12)), options);
        var table = model.Embedding("UserKey");

        var projection = table.Project2D();

        projection.Names.ShouldBe(table.Names);
        projection.X.Count.ShouldBe(12);
        projection.Y.Count.ShouldBe(12);
        projection.X.Sum().ShouldBe(0, 1e-4); // centred
        projection.FirstAxisShare.ShouldBeGreaterThanOrEqualTo(projection.SecondAxisShare);
        // A table of width 2 is its own plane: the projection only moves and turns it, so every distance is kept.
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < i; j++)
            {
                double dx = table.Vector(i)[0] - table.Vector(j)[0], dy = table.Vector(i)[1] - table.Vector(j)[1];
                Math.Sqrt(Math.Pow(projection.X[i] - projection.X[j], 2) + Math.Pow(projection.Y[i] - projection.Y[j], 2))
                    .ShouldBe(Math.Sqrt(dx * dx + dy * dy), 1e-5);
            }
        projection.SecondAxisShare.ShouldBe(1 - projection.FirstAxisShare, 1e-9);
        table.Project2D().X.ShouldBe(projection.X); // deterministic
    }
}
