namespace MLNet.Backprop.Integration.Schema;

/// <summary>A categorical column as a trained model knows it: its name, its key count when trained, and the text of its
/// key values (null when the key had none).</summary>
internal sealed record CategoricalColumn(string Name, int KeyCount, IReadOnlyList<string>? KeyNames);
