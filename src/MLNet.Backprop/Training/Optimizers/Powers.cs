namespace MLNet.Backprop.Training.Optimizers;

/// <summary>β^k rounded to float, from a table for the first few thousand k (a catch-up asks for one or two per row) and
/// from <see cref="Math.Pow(double, double)"/> beyond.</summary>
internal sealed class Powers
{
    private const int TableLength = 4096;
    private readonly double _base;
    private readonly float[] _table = new float[TableLength];

    public Powers(double value)
    {
        _base = value;
        for (int k = 0; k < TableLength; k++) _table[k] = (float)Math.Pow(value, k);
    }

    public float Of(long k) => k < TableLength ? _table[k] : (float)Math.Pow(_base, k);
}
