using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Backprop.Integration.Data;

namespace MLNet.Backprop.Tests.Integration.Data;

public class PermutedKeyViewTests
{
    public sealed class Row
    {
        public string Id { get; set; } = "";
        public float X { get; set; }
    }

    private static IDataView Keyed(MLContext ml)
    {
        var rows = ml.Data.LoadFromEnumerable(new[] { "a", "b", "c", "a", "d" }.Select((id, i) => new Row { Id = id, X = i }));
        return ml.Transforms.Conversion.MapValueToKey("IdKey", "Id").Fit(rows).Transform(rows);
    }

    [Fact]
    public void Cursor_PermutedOrder_RowsReadTheKeysOfTheirPermutedRowsAndTheRestUnchanged()
    {
        var ml = new MLContext(0);
        var data = Keyed(ml);
        var column = data.Schema["IdKey"];
        var keys = PermutedKeyView.ReadKeys(data, column);
        keys.ShouldBe([1UL, 2, 3, 1, 4]);

        var view = new PermutedKeyView(data, column, keys, [4, 3, 2, 1, 0]);

        view.GetColumn<uint>("IdKey").ShouldBe([4u, 1, 3, 2, 1]);
        view.GetColumn<float>("X").ShouldBe([0f, 1, 2, 3, 4]);
        view.GetColumn<string>("Id").ShouldBe(["a", "b", "c", "a", "d"]);
        view.Schema["IdKey"].Type.ShouldBe(column.Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        view.Schema["IdKey"].GetKeyValues(ref names);
        names.DenseValues().Select(n => n.ToString()).ShouldBe(["a", "b", "c", "d"]);
    }
}
