namespace MLNet.Backprop.Readme.Tests;

/// <summary>The ```csharp blocks of the repository's README.md, with the line each starts on.</summary>
internal static class ReadmeBlocks
{
    /// <param name="Line">The README line the code starts on.</param>
    /// <param name="Code">The block's code.</param>
    /// <param name="IsProgram">A whole program (its own <c>using</c>s, top-level statements and types), marked
    /// <c>&lt;!-- consumer-check: …-program --&gt;</c>: .ci/consumer-check builds and runs it as a stranger's app.</param>
    public sealed record Block(int Line, string Code, bool IsProgram = false)
    {
        public override string ToString() => $"README.md line {Line}";
    }

    public static string Path { get; } = Find();

    public static IReadOnlyList<Block> All()
    {
        var lines = File.ReadAllLines(Path);
        var blocks = new List<Block>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            int start = i + 1;
            int end = Array.FindIndex(lines, start, l => l.Trim() == "```");
            bool program = i > 0 && lines[i - 1].Trim().StartsWith("<!-- consumer-check:", StringComparison.Ordinal) && lines[i - 1].Contains("-program");
            blocks.Add(new Block(start + 1, string.Join('\n', lines[start..end]), program));
            i = end;
        }
        return blocks;
    }

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = System.IO.Path.Combine(folder.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(folder.FullName, "MLNet.Backprop.sln"))) return candidate;
        }
        throw new FileNotFoundException("README.md (beside MLNet.Backprop.sln) not found above " + AppContext.BaseDirectory);
    }
}
