namespace ChurnService;

/// <summary>
/// Holds the current <see cref="LoadedModel"/> and replaces it when the model file (or the threshold file beside it)
/// changes: the new version is loaded and checked first, then swapped in atomically; requests already running finish on
/// the old one, which is disposed a little later. A file that fails to load leaves the old model serving and is reported
/// by /health.
/// </summary>
public sealed class ModelHost : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Retire = TimeSpan.FromSeconds(30);
    private readonly float? _threshold;
    private readonly FileSystemWatcher _watcher;
    private readonly ILogger<ModelHost> _log;
    private readonly Lock _reloadLock = new();
    private Timer? _pending;
    private LoadedModel _current;

    public ModelHost(string modelPath, float? threshold, ILogger<ModelHost> log)
    {
        // Checked like the settings file's: a threshold of 42 (meant as 42 %) answered "churn": false for every customer.
        if (threshold is { } t && t is not (> 0f and < 1f))
            throw new ArgumentOutOfRangeException(nameof(threshold), t,
                $"Model:Threshold is {t}; it must be a probability in (0, 1) (e.g. 0.42), or left out for the one in the settings file beside the model.");
        _log = log;
        _threshold = threshold;
        string path = ModelPath.Resolve(modelPath);
        _current = LoadedModel.Load(path, threshold);
        _log.LogInformation("Loaded {Path} (threshold {Threshold})", path, _current.Threshold);
        _watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(path)!)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        string settings = System.IO.Path.GetFileName(LoadedModel.SettingsPath(path)), model = System.IO.Path.GetFileName(path);
        FileSystemEventHandler changed = (_, e) => { if (e.Name == model || e.Name == settings) Schedule(); };
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Renamed += (_, e) => { if (e.Name == model || e.Name == settings) Schedule(); };
        _watcher.EnableRaisingEvents = true;
    }

    public LoadedModel Current => Volatile.Read(ref _current);

    public int Reloads { get; private set; }

    public string? LastReloadError { get; private set; }

    /// <summary>Loads the file again now (also what a file change triggers, after it settles).</summary>
    public void Reload()
    {
        lock (_reloadLock)
        {
            var old = Current;
            try
            {
                var fresh = LoadedModel.Load(old.Path, _threshold);
                Volatile.Write(ref _current, fresh);
                Reloads++;
                LastReloadError = null;
                _log.LogInformation("Reloaded {Path} (threshold {Threshold})", fresh.Path, fresh.Threshold);
                _ = Task.Delay(Retire).ContinueWith(_ => old.Dispose(), TaskScheduler.Default);
            }
            catch (Exception e)
            {
                LastReloadError = $"{DateTimeOffset.UtcNow:O}: {e.GetType().Name}: {e.Message}";
                _log.LogError(e, "Reloading {Path} failed; the previous model keeps serving", old.Path);
            }
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _pending?.Dispose();
        Current.Dispose();
    }

    // A save produces several events (create, write, rename); reload once they have settled.
    private void Schedule()
    {
        lock (_reloadLock)
        {
            _pending?.Dispose();
            _pending = new Timer(_ => Reload(), null, Settle, Timeout.InfiniteTimeSpan);
        }
    }
}
