using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Tests.TestSupport;

/// <summary>A schema of one column, <c>Features</c>, whose slots are named by a <c>SlotNames</c> getter counting its
/// calls: how often a binding reads the names (on a wide FeaturizeText vector each read builds them all anew).</summary>
internal sealed class CountedSlotNames
{
    /// <param name="names">One name a slot.</param>
    /// <param name="sparse">Hand the names out as a sparse buffer, the empty ones implicit (as some ML.NET transforms do).</param>
    public CountedSlotNames(IReadOnlyList<string> names, bool sparse = false)
    {
        int[] slots = Enumerable.Range(0, names.Count).Where(i => !sparse || names[i].Length > 0).ToArray();
        var values = slots.Select(i => names[i].AsMemory()).ToArray();
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, names.Count),
            (ref VBuffer<ReadOnlyMemory<char>> value) =>
            {
                Reads++;
                var editor = VBufferEditor.Create(ref value, names.Count, values.Length);
                values.CopyTo(editor.Values);
                if (!editor.Indices.IsEmpty) slots.CopyTo(editor.Indices);
                value = editor.Commit();
            });
        var schema = new DataViewSchema.Builder();
        schema.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, names.Count), annotations.ToAnnotations());
        Schema = schema.ToSchema();
    }

    public DataViewSchema Schema { get; }

    /// <summary>Calls of the <c>SlotNames</c> getter so far.</summary>
    public int Reads { get; private set; }
}
