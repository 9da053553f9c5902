using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace MLNet.Backprop.TorchComparison;

/// <summary>Loads libtorch, sets its thread pools and describes its build.</summary>
internal static class TorchRuntime
{
    /// <summary>
    /// Loads the native libraries and sets the inter-op pool to <paramref name="interopThreads"/> threads. libtorch
    /// allows that only once per process, before any inter-op work, so it is set here to the largest thread count
    /// of the run; eager training (both loops here) runs no inter-op work, only the intra-op pool that
    /// <see cref="SetThreads"/> sets before each run.
    /// </summary>
    /// <exception cref="InvalidOperationException">libtorch could not be loaded; the message says the likely cause.</exception>
    public static void Initialize(int interopThreads)
    {
        try
        {
            torch.set_num_interop_threads(interopThreads);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException(
                "TorchSharp could not load libtorch. On Debian 12 the build must have patched bin/.../runtimes/linux-x64/native/libLibTorchSharp.so " +
                "with ../shared/tools/weaken_glibcxx.py (GLIBCXX_3.4.32); rebuild with shared/ beside the repository. " + e.Message, e);
        }
    }

    /// <summary>Sets libtorch's intra-op (OpenMP) pool; the same count our side gets as <c>NumberOfThreads</c>.</summary>
    public static void SetThreads(int threads)
    {
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }

    /// <summary>TorchSharp's assembly version.</summary>
    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>
    /// libtorch's own description of its build and thread pools, <c>at::show_config()</c> and <c>at::get_parallel_info()</c>
    /// (what <c>torch.__config__.show()</c> and <c>parallel_info()</c> print in Python). TorchSharp does not bind them,
    /// so they are called from libtorch_cpu.so directly (both return a libstdc++ <c>std::string</c>, through a hidden
    /// result pointer); null if that fails.
    /// </summary>
    public static string? BuildConfig() => CallStringFunction("_ZN2at11show_configB5cxx11Ev");

    /// <inheritdoc cref="BuildConfig" />
    public static string? ParallelInfo() => CallStringFunction("_ZN2at17get_parallel_infoB5cxx11Ev");

    private static unsafe string? CallStringFunction(string symbol)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        try
        {
            string directory = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
            if (!NativeLibrary.TryLoad(Path.Combine(directory, "libtorch_cpu.so"), out var library)) return null;
            if (!NativeLibrary.TryGetExport(library, symbol, out var export)) return null;
            // libstdc++'s std::string (C++11 ABI, x86-64): pointer, length, 16-byte local buffer or capacity. The
            // buffer stays allocated: two calls per process.
            byte* result = stackalloc byte[32];
            ((delegate* unmanaged<byte*, void>)export)(result);
            return Marshal.PtrToStringUTF8(*(IntPtr*)result, (int)*(ulong*)(result + 8));
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
