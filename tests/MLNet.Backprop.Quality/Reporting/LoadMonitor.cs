using System.Globalization;

namespace MLNet.Backprop.Quality.Reporting;

/// <summary>Samples the 1-minute load average (Linux <c>/proc/loadavg</c>) every few seconds during the run.</summary>
public sealed class LoadMonitor : IDisposable
{
    private readonly List<double> _samples = [];
    private readonly Timer _timer;

    /// <summary>Starts sampling now and every <paramref name="period"/>.</summary>
    public LoadMonitor(TimeSpan period) => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, period);

    /// <summary>"mean 1.9, max 2.4 (1-minute load average, N samples)", or "n/a" off Linux.</summary>
    public string Describe()
    {
        lock (_samples)
            return _samples.Count == 0
                ? "n/a"
                : string.Create(CultureInfo.InvariantCulture, $"mean {_samples.Average():F2}, max {_samples.Max():F2} (1-minute load average, {_samples.Count} samples)");
    }

    /// <summary>Stops sampling, takes a last sample and returns <see cref="Describe"/>.</summary>
    public string Stop()
    {
        _timer.Dispose();
        Sample();
        return Describe();
    }

    /// <inheritdoc/>
    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            if (double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load))
                lock (_samples) _samples.Add(load);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
