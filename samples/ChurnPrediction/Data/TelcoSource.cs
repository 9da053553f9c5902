using System.Security.Cryptography;

namespace ChurnPrediction.Data;

/// <summary>
/// Finds the IBM Telco churn file so that the sample runs with no arguments: the user's --data file; else the copy kept
/// next to the repository (../shared/data/telco-churn); else a previously downloaded copy in the user's cache folder;
/// else a fresh download from IBM's public repository. Anything found or downloaded automatically must match the
/// published SHA-256, so a truncated download or an edited copy is never mistaken for the real data. With no file and
/// no network, the sample says so and falls back to synthetic data.
/// </summary>
public sealed class TelcoSource
{
    public const string FileName = "Telco-Customer-Churn.csv";
    public const string DownloadUrl = "https://raw.githubusercontent.com/IBM/telco-customer-churn-on-icp4d/master/data/Telco-Customer-Churn.csv";
    public const string Sha256 = "16320c9c1ec72448db59aa0a26a0b95401046bef5d02fd3aeb906448e3055e91";

    /// <summary>Short on purpose: an offline machine should reach the synthetic fallback in seconds, not minutes.</summary>
    public static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Where downloads are kept between runs (~/.local/share/MLNet.Backprop/telco-churn on Linux).</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Folders whose ancestors are searched for shared/data/telco-churn: the current directory and the
    /// sample's own folder (so `dotnet run` from anywhere inside the repository finds it).</summary>
    public IReadOnlyList<string> SearchStarts { get; init; } = [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];

    /// <summary>The highest folder the search walks up to (inclusive), or null to walk up to the file system's root.
    /// Tests set it to their own temporary folder, so that whatever lies above it cannot change their outcome.</summary>
    public string? SearchCeiling { get; init; }

    public string Url { get; init; } = DownloadUrl;

    /// <summary>Replaces the network in tests; null for a real HTTP client.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Picks the data file, writing one line per step to <paramref name="log"/>.</summary>
    /// <param name="userPath">--data, or null.</param>
    /// <param name="synthetic">--synthetic.</param>
    /// <param name="outputDirectory">Where generated data is written.</param>
    /// <param name="seed">Seed of the generated data.</param>
    /// <param name="log">Progress messages.</param>
    public DataSource Resolve(string? userPath, bool synthetic, string outputDirectory, int seed, TextWriter log)
    {
        if (synthetic) return Synthetic(outputDirectory, seed, "requested with --synthetic");
        if (userPath is not null)
        {
            if (!File.Exists(userPath)) throw new DataSourceException($"data file '{userPath}' does not exist.");
            string note = HasExpectedHash(userPath) ? "identical to IBM's published file" : "not byte-identical to IBM's published file";
            return new DataSource(userPath, $"{userPath} (from --data; {note})", false);
        }

        foreach (string candidate in SharedCandidates())
        {
            if (HasExpectedHash(candidate)) return new DataSource(candidate, $"{candidate} (the repository's shared copy, SHA-256 verified)", false);
            log.WriteLine($"Ignoring {candidate}: its SHA-256 is not the published one.");
        }

        string cached = Path.Combine(CacheDirectory, FileName);
        if (File.Exists(cached))
        {
            if (HasExpectedHash(cached)) return new DataSource(cached, $"{cached} (cached download, SHA-256 verified)", false);
            log.WriteLine($"Deleting {cached}: its SHA-256 is not the published one (a damaged download?).");
            File.Delete(cached);
        }

        log.WriteLine($"Downloading the Telco churn data from {Url} ...");
        string? failure = TryDownload(cached);
        if (failure is null) return new DataSource(cached, $"{cached} (downloaded from IBM's repository, SHA-256 verified)", false);

        log.WriteLine($"Could not get the real data: {failure}");
        log.WriteLine("No local copy and no download, so the sample continues with generated data (use --data PATH for your own copy).");
        return Synthetic(outputDirectory, seed, "the real data is unavailable");
    }

    /// <summary>True when the SHA-256 of <paramref name="path"/> is the one IBM's file is published with.</summary>
    public static bool HasExpectedHash(string path) => string.Equals(Sha256Of(path), Sha256, StringComparison.OrdinalIgnoreCase);

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Downloads to <paramref name="target"/> via a temporary file, keeping it only if the hash matches;
    /// returns null on success or a plain reason.</summary>
    public string? TryDownload(string target)
    {
        string temporary = target + ".part";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var client = Handler is null ? new HttpClient() : new HttpClient(Handler, disposeHandler: false);
            client.Timeout = DownloadTimeout;
            using (var response = client.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult())
            {
                if (!response.IsSuccessStatusCode) return $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}.";
                using var file = File.Create(temporary);
                response.Content.CopyToAsync(file).GetAwaiter().GetResult();
            }
            string actual = Sha256Of(temporary);
            if (!string.Equals(actual, Sha256, StringComparison.OrdinalIgnoreCase))
                return $"the downloaded file has SHA-256 {actual}, not the published {Sha256}; it was discarded.";
            File.Move(temporary, target, overwrite: true);
            return null;
        }
        catch (TaskCanceledException)
        {
            return $"no answer within {DownloadTimeout.TotalSeconds:0} seconds (offline?).";
        }
        catch (HttpRequestException e)
        {
            return $"the download failed ({e.Message}).";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the file could not be written ({e.Message}).";
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private IEnumerable<string> SharedCandidates()
    {
        var seen = new HashSet<string>();
        string? ceiling = SearchCeiling is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(SearchCeiling));
        foreach (string start in SearchStarts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data", "telco-churn", FileName);
                if (File.Exists(candidate) && seen.Add(candidate)) yield return candidate;
                if (ceiling is not null && Path.TrimEndingDirectorySeparator(dir.FullName) == ceiling) break;
            }
    }

    private static DataSource Synthetic(string outputDirectory, int seed, string why)
    {
        string path = Path.Combine(outputDirectory, "synthetic-telco.csv");
        SyntheticTelco.Write(path, seed);
        return new DataSource(path, $"{path} (GENERATED data, {why})", true);
    }

    private static string DefaultCacheDirectory()
    {
        string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(root)) root = Path.GetTempPath();
        return Path.Combine(root, "MLNet.Backprop", "telco-churn");
    }
}
