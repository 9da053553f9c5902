using System.Text;
using Microsoft.ML.Data;

namespace MLNet.Backprop.Quality.DataSets;

/// <summary>A header and a subset of a CSV's record lines, served to <c>TextLoader</c> as one in-memory file.</summary>
public sealed class InMemoryTextSource : IMultiStreamSource
{
    private readonly string _text;

    /// <summary>The text <paramref name="headerLine"/> followed by <paramref name="lines"/>, one per line.</summary>
    public InMemoryTextSource(string headerLine, IEnumerable<string> lines)
    {
        var text = new StringBuilder(headerLine).Append('\n');
        foreach (var line in lines) text.Append(line).Append('\n');
        _text = text.ToString();
    }

    /// <inheritdoc/>
    public int Count => 1;

    /// <inheritdoc/>
    public string? GetPathOrNull(int index) => null;

    /// <inheritdoc/>
    public Stream Open(int index) => new MemoryStream(Encoding.UTF8.GetBytes(_text), writable: false);

    /// <inheritdoc/>
    public TextReader OpenTextReader(int index) => new StringReader(_text);
}
