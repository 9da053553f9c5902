using MLNet.Backprop.Files;
using ScottPlot;

namespace MLNet.Backprop.Reports;

/// <summary>Renders plots to PNG and SVG, in memory or to files (headless: no window, no display needed).</summary>
public static class PlotExport
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>Writes <paramref name="plot"/> as a PNG file (its folder is created if missing; an existing file is replaced
    /// whole, never left half-written).</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="width">Width in pixels. Default <see cref="DefaultWidth"/> (900); at least 16.</param>
    /// <param name="height">Height in pixels. Default <see cref="DefaultHeight"/> (500); at least 16.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 16, or width × height exceeds 536,870,911 pixels.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a directory, or a folder on it is an existing file (checked
    /// before the plot is rendered).</exception>
    /// <returns>The full path written.</returns>
    public static string SavePng(Plot plot, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        string full = Prepare(plot, path, width, height, "a .png file");
        byte[] png = ToPng(plot, width, height);
        AtomicFile.Write(full, stream => stream.Write(png));
        return full;
    }

    /// <summary>Writes <paramref name="plot"/> as an SVG file (its folder is created if missing; an existing file is replaced
    /// whole, never left half-written).</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="width">Width in pixels. Default <see cref="DefaultWidth"/> (900); at least 16.</param>
    /// <param name="height">Height in pixels. Default <see cref="DefaultHeight"/> (500); at least 16.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 16, or width × height exceeds 536,870,911 pixels.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a directory, or a folder on it is an existing file (checked
    /// before the plot is rendered).</exception>
    /// <returns>The full path written.</returns>
    public static string SaveSvg(Plot plot, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        string full = Prepare(plot, path, width, height, "a .svg file");
        byte[] svg = new System.Text.UTF8Encoding(false).GetBytes(ToSvg(plot, width, height));
        AtomicFile.Write(full, stream => stream.Write(svg));
        return full;
    }

    /// <summary>The plot as PNG bytes.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="width">Width in pixels. Default <see cref="DefaultWidth"/> (900); at least 16.</param>
    /// <param name="height">Height in pixels. Default <see cref="DefaultHeight"/> (500); at least 16.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 16, or width × height exceeds 536,870,911 pixels.</exception>
    public static byte[] ToPng(Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        Check(plot, width, height);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The plot as SVG text.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="width">Width in pixels. Default <see cref="DefaultWidth"/> (900); at least 16.</param>
    /// <param name="height">Height in pixels. Default <see cref="DefaultHeight"/> (500); at least 16.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 16, or width × height exceeds 536,870,911 pixels.</exception>
    public static string ToSvg(Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        Check(plot, width, height);
        return plot.GetSvgXml(width, height);
    }

    private static string Prepare(Plot plot, string path, int width, int height, string file)
    {
        Check(plot, width, height);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = ReportFile.Target(path, "plot", file); // before the plot is rendered
        ReportFile.CreateFolderOf(full, "plot");
        return full;
    }

    private static void Check(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        // Skia sizes even an SVG's canvas as 4-byte pixels in one int-indexed buffer; beyond it ScottPlot throws a
        // NullReferenceException ("invalid SKImageInfo").
        if ((long)width * height > MaxPixels)
            throw new ArgumentOutOfRangeException(nameof(width), width,
                $"width × height is {(long)width * height:N0} pixels ({width} × {height}); an image holds at most {MaxPixels:N0} (e.g. 23170 × 23170).");
    }

    /// <summary>The most pixels an image may have: Skia's largest buffer of 4-byte pixels.</summary>
    private const long MaxPixels = int.MaxValue / 4;
}
