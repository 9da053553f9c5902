namespace MLNet.Backprop.Readme.Tests;

/// <summary>The ```csharp blocks of the repository's README.md, with the line each starts on.</summary>
internal static class ReadmeBlocks
{
    public sealed record Block(int Line, string Code)
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
            blocks.Add(new Block(start + 1, string.Join('\n', lines[start..end])));
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
