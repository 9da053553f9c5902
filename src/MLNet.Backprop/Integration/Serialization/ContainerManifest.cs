using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MLNet.Backprop.Integration.Serialization;

/// <summary>One zip entry listed in the manifest: what reads it, its name and the SHA-256 of its bytes.</summary>
/// <param name="Kind"><see cref="ContainerManifest.MlNetKind"/>, <see cref="ContainerManifest.SchemaKind"/> or a codec's kind.</param>
/// <param name="EntryName">Name of the zip entry.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the entry's uncompressed bytes.</param>
internal sealed record ContainerSegment(string Kind, string EntryName, string Sha256);

/// <summary>
/// The <c>manifest</c> entry of a model container: a text file naming the format and version, then one line per entry
/// in load order. The input-schema entry comes first.
/// </summary>
/// <remarks>
/// Format (UTF-8, '\n' line ends):
/// <code>
/// MLNet.Backprop.ModelContainer
/// version 1
/// schema schema.mlnet.zip 3f2a...
/// mlnet seg001.mlnet.zip 9c1b...
/// backprop-mlp seg002.backprop-mlp.bin 77de...
/// </code>
/// Parsing is strict: anything unexpected is an <see cref="InvalidDataException"/>. The version line is read before the
/// rest so that a file from a newer library is reported as such, not as damaged.
/// </remarks>
internal static partial class ContainerManifest
{
    /// <summary>Name of the manifest entry.</summary>
    public const string EntryName = "manifest";

    /// <summary>First line of every manifest.</summary>
    public const string Magic = "MLNet.Backprop.ModelContainer";

    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Kind of the entry holding the input schema (an empty ML.NET chain).</summary>
    public const string SchemaKind = "schema";

    /// <summary>Kind of an entry holding a run of ML.NET's own transformers.</summary>
    public const string MlNetKind = "mlnet";

    /// <summary>True when <paramref name="kind"/> may be written into a manifest line.</summary>
    public static bool IsValidKind(string kind) => KindPattern().IsMatch(kind);

    /// <summary>The manifest's bytes for <paramref name="segments"/>.</summary>
    public static byte[] Write(IEnumerable<ContainerSegment> segments)
    {
        var text = new StringBuilder();
        text.Append(Magic).Append('\n');
        text.Append("version ").Append(CurrentVersion.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var s in segments)
            text.Append(s.Kind).Append(' ').Append(s.EntryName).Append(' ').Append(s.Sha256).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Parses a manifest; the first segment is the input schema.</summary>
    /// <exception cref="InvalidDataException">Not a manifest, a newer version, or a malformed line.</exception>
    public static IReadOnlyList<ContainerSegment> Read(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid("it is not valid UTF-8 text");
        }

        var lines = text.Split('\n');
        if (lines[0] != Magic)
            throw Invalid($"it does not start with '{Magic}'");
        if (lines.Length < 2 || VersionPattern().Match(lines[1]) is not { Success: true } m
            || !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int version))
        {
            throw Invalid("the second line is not 'version <number>'");
        }
        if (version > CurrentVersion)
        {
            throw new InvalidDataException(
                $"The model file uses container format version {version}, but this MLNet.Backprop reads versions up to " +
                $"{CurrentVersion}; a newer MLNet.Backprop is needed to load it.");
        }
        if (version < 1)
            throw Invalid($"version {version} does not exist");

        // The text ends with '\n', so the last split element is empty; every other line is one segment.
        if (lines[^1].Length != 0)
            throw Invalid("it does not end with a line break (truncated?)");
        var segments = new List<ContainerSegment>();
        var names = new HashSet<string>(StringComparer.Ordinal) { EntryName };
        for (int i = 2; i < lines.Length - 1; i++)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length != 3 || !IsValidKind(parts[0]) || !IsValidKind(parts[1]) || !HashPattern().IsMatch(parts[2]))
                throw Invalid($"line {i + 1} is not '<kind> <entry> <sha256>'");
            if (!names.Add(parts[1]))
                throw Invalid($"entry '{parts[1]}' is listed twice");
            bool isSchema = parts[0] == SchemaKind;
            if (isSchema != (segments.Count == 0))
                throw Invalid($"line {i + 1}: the input schema must be listed first, and only once");
            segments.Add(new ContainerSegment(parts[0], parts[1], parts[2]));
        }
        if (segments.Count == 0)
            throw Invalid("it lists no input schema");
        return segments;
    }

    private static InvalidDataException Invalid(string why) =>
        new($"The model container's '{EntryName}' entry is damaged: {why}.");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex KindPattern();

    [GeneratedRegex("^version ([0-9]{1,9})$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}
