using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ChurnPrediction.Data;

/// <summary>
/// The project's fixed train/test split: a customer is in the test set when the 32-bit FNV-1a hash of the UTF-8 bytes of
/// its customerID is divisible by 5. A hash of the ID (rather than a random shuffle) gives the same split in any
/// language and on any machine, so every figure reported on this data stays comparable.
/// </summary>
public static class FnvSplit
{
    private const uint OffsetBasis = 0x811C9DC5;
    private const uint Prime = 0x01000193;

    /// <summary>32-bit FNV-1a of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Hash(string text)
    {
        uint hash = OffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= Prime; // unchecked by default: the multiplication wraps modulo 2^32, as FNV requires
        }
        return hash;
    }

    public static bool IsTest(string customerId) => Hash(customerId) % 5 == 0;

    /// <summary>Splits <paramref name="data"/> into train and test sets; rows keep their order. Both are cached in
    /// memory, because five trainers and the feature-importance pass read them many times.</summary>
    public static (IDataView Train, IDataView Test) Split(MLContext ml, IDataView data)
    {
        // FilterByCustomPredicate drops the rows for which the predicate is true.
        var train = ml.Data.FilterByCustomPredicate<CustomerKey>(data, row => IsTest(row.CustomerId));
        var test = ml.Data.FilterByCustomPredicate<CustomerKey>(data, row => !IsTest(row.CustomerId));
        return (ml.Data.Cache(train), ml.Data.Cache(test));
    }

    /// <summary>The one column the split reads.</summary>
    public sealed class CustomerKey
    {
        [ColumnName(TelcoSchema.CustomerId)]
        public string CustomerId { get; set; } = "";
    }
}
