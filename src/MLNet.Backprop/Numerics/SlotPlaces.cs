namespace MLNet.Backprop.Numerics;

/// <summary>
/// A sparse block's touched slots, each given its place in order of first appearance, and each entry the place of its
/// slot: an open-addressing table sized to the block's distinct slots, not to the input's width. A direct map of a
/// 2²⁰-slot input is a 4 MB array read and written at random twice per entry (listing, then resetting), far beyond the
/// first caches; the table of a 256-row batch of ~20 slots a row is 64 KB.
/// </summary>
internal sealed class SlotPlaces
{
    private int[] _keys = new int[1024]; // slot + 1; 0 = free
    private int[] _places = new int[1024];
    private int[] _bucketOf = []; // the bucket of each listed place: what the next block frees
    private int _count;

    /// <summary>Lists the slots of <paramref name="indices"/> (one block's entries, in order): <paramref name="touched"/>[p]
    /// = the p-th distinct slot met, and <paramref name="entryPlace"/>[k] = the place of entry k's slot, or its bitwise
    /// complement (negative) when entry k is the first to name that slot.</summary>
    /// <returns>The number of distinct slots.</returns>
    public int List(ReadOnlySpan<int> indices, Span<int> touched, Span<int> entryPlace)
    {
        Free();
        if (entryPlace.Length < indices.Length) throw new ArgumentException($"entryPlace holds {entryPlace.Length} places for {indices.Length} entries.", nameof(entryPlace));
        int[] keys = _keys, places = _places;
        int mask = keys.Length - 1, count = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            int slot = indices[k];
            int bucket = Bucket(slot, mask);
            while (true)
            {
                int key = keys[bucket];
                if (key == slot + 1)
                {
                    entryPlace[k] = places[bucket];
                    break;
                }
                if (key == 0)
                {
                    if (count == touched.Length) throw new ArgumentException($"touched holds {touched.Length} slots; the block names more.", nameof(touched));
                    keys[bucket] = slot + 1;
                    places[bucket] = count;
                    if (_bucketOf.Length == count) Array.Resize(ref _bucketOf, Math.Max(1024, 2 * count));
                    _bucketOf[count] = bucket;
                    touched[count] = slot;
                    entryPlace[k] = ~count;
                    count++;
                    _count = count;
                    // At half full the probes lengthen: twice the buckets, the listed slots placed again.
                    if (2 * count > keys.Length)
                    {
                        Grow(touched.Slice(0, count));
                        (keys, places, mask) = (_keys, _places, _keys.Length - 1);
                    }
                    break;
                }
                bucket = (bucket + 1) & mask;
            }
        }
        return count;
    }

    // Fibonacci hashing (the product's top bits): one-hot slots come in runs, which a plain mask would pile up.
    private static int Bucket(int slot, int mask) => (int)(((uint)slot * 2654435769u) >> (32 - System.Numerics.BitOperations.Log2((uint)mask + 1)));

    private void Grow(ReadOnlySpan<int> listed)
    {
        _keys = new int[2 * _keys.Length];
        _places = new int[_keys.Length];
        int mask = _keys.Length - 1;
        for (int p = 0; p < listed.Length; p++)
        {
            int bucket = Bucket(listed[p], mask);
            while (_keys[bucket] != 0) bucket = (bucket + 1) & mask;
            _keys[bucket] = listed[p] + 1;
            _places[bucket] = p;
            _bucketOf[p] = bucket;
        }
    }

    // Frees the buckets the last block took (the table keeps its size: the next block is about as large).
    private void Free()
    {
        for (int p = 0; p < _count; p++) _keys[_bucketOf[p]] = 0;
        _count = 0;
    }
}
