namespace MLNet.Backprop.Documentation.Tests;

/// <summary>The repository the tests run from (the folder of MLNet.Backprop.sln above the test assembly).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MLNet.Backprop.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("MLNet.Backprop.sln not found above " + AppContext.BaseDirectory);
    }
}
