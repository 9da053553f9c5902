namespace MLNet.Backprop.Network;

/// <summary>
/// The rows of a weight matrix whose gradient a step may have made non-zero: a sparse input's rows of the first layer's
/// W, of which a mini-batch touches only the slots its rows hold. Every row not listed has a zero gradient, so the
/// gradient norm, clipping, the L2 term and the optimizer need to visit the listed rows only, and the next step clears
/// only them. <see cref="All"/> says that any row may be non-zero (a dense step: the micro-batch modes' reduced
/// gradients, or updates of every row).
/// </summary>
internal sealed class TouchedRows
{
    private int[] _rows = new int[64]; // grows to the most rows a step lists (a batch touches far fewer rows than a 2²⁰-row matrix has)
    private int _count;
    private float[] _squares = [];

    /// <param name="rowCount">Rows of the matrix.</param>
    /// <param name="rowWidth">Values per row (the layer's units).</param>
    public TouchedRows(int rowCount, int rowWidth)
    {
        if (rowCount < 1 || rowWidth < 1) throw new ArgumentOutOfRangeException(nameof(rowCount), $"A {rowCount} × {rowWidth} matrix has no rows.");
        RowCount = rowCount;
        RowWidth = rowWidth;
        All = true; // nothing is known of a fresh gradient's rows
    }

    /// <summary>Rows of the matrix.</summary>
    public int RowCount { get; }

    /// <summary>Values per row.</summary>
    public int RowWidth { get; }

    /// <summary>Any row may be non-zero: the gradient is to be treated as dense.</summary>
    public bool All { get; private set; }

    /// <summary>Rows a step does not touch are left as they are by the optimizer, the L2 term and weight decay (lazy
    /// updates, as PyTorch's <c>SparseAdam</c> and TensorFlow's <c>LazyAdam</c>); false updates every row every step,
    /// as for a dense input (the step then marks <see cref="All"/>).</summary>
    public bool Lazy { get; set; } = true;

    /// <summary>The gradient holds the listed rows only, in their listed order (<see cref="GradientOffset"/>), not the whole
    /// matrix: a sparse input's rows of the first layer with lazy or caught-up updates, where a dense gradient would be
    /// a second matrix as large as the weights (256 MB for 2²⁰ slots × 64 units). Such a matrix is never
    /// <see cref="All"/> once its steps have begun.</summary>
    public bool Compact { get; private set; }

    /// <summary>Stores the gradient compactly from now on (see <see cref="Compact"/>).</summary>
    public void UseCompact()
    {
        if (!Lazy) throw new InvalidOperationException("A gradient of every row cannot be compact.");
        Compact = true;
    }

    /// <summary>Where the gradient of the <paramref name="listed"/>-th listed row starts.</summary>
    public int GradientOffset(int listed) => (Compact ? listed : _rows[listed]) * RowWidth;

    /// <summary>The listed rows, each once, in the order they were added (meaningless when <see cref="All"/>).</summary>
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, _count);

    /// <summary>The listed rows' Σ g² are known (<see cref="RowSquares"/>): given by the backward pass that wrote the
    /// gradient, and forgotten when the list or the gradient changes (the L2 term, clipping).</summary>
    public bool SquaresKnown { get; private set; }

    /// <summary>Each listed row's Σ g² (<see cref="Numerics.WideSums.SumOfSquares"/>
    /// of its gradient), in the listed order, when <see cref="SquaresKnown"/>: what the gradient norm and row-wise Adagrad
    /// would compute from the rows, so they need not read them again.</summary>
    public ReadOnlySpan<float> RowSquares => SquaresKnown ? _squares.AsSpan(0, _count) : [];

    /// <summary>Records the listed rows' Σ g² (one per listed row, in order) for the gradient as it now is.</summary>
    public void KnowSquares(ReadOnlySpan<float> squares)
    {
        if (All || squares.Length != _count)
            throw new ArgumentException($"{squares.Length} row sums for {(All ? "every row" : $"{_count} listed rows")}.", nameof(squares));
        if (_squares.Length < _count) _squares = new float[_rows.Length];
        squares.CopyTo(_squares);
        SquaresKnown = true;
    }

    /// <summary>The gradient changed after its rows' Σ g² were recorded: they are no longer known.</summary>
    public void ForgetSquares() => SquaresKnown = false;

    /// <summary>Starts a new list: no row is listed.</summary>
    public void Clear()
    {
        _count = 0;
        All = false;
        SquaresKnown = false;
    }

    /// <summary>Lists <paramref name="row"/> (the caller lists each row once).</summary>
    public void Add(int row)
    {
        if (_count == _rows.Length) Grow(_count + 1);
        _rows[_count++] = row;
        SquaresKnown = false;
    }

    /// <summary>Lists rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    public void AddRange(int first, int count)
    {
        SquaresKnown = false;
        if (_count + count > _rows.Length) Grow(_count + count);
        for (int i = 0; i < count; i++) _rows[_count++] = first + i;
    }

    private void Grow(int needed) => Array.Resize(ref _rows, Math.Min(RowCount, Math.Max(needed, 2 * _rows.Length)));

    /// <summary>Any row may be non-zero from now on.</summary>
    public void MarkAll()
    {
        if (Compact) throw new InvalidOperationException("A compact gradient holds the touched rows only.");
        All = true;
        SquaresKnown = false;
    }

    /// <summary>Compact: sets the rows of <paramref name="values"/> from the listed ones' end to
    /// <paramref name="previouslyListed"/> to zero. A compact gradient's rows are cleared by their first write (the sparse
    /// product's), not by <see cref="ClearRows"/> before the step; this clears what a longer list of the step before left
    /// past the new list's end, so the array holds zeros there, as after <see cref="ClearRows"/>.</summary>
    public void ClearRowsPastListed(Span<float> values, int previouslyListed)
    {
        if (!Compact || All) throw new InvalidOperationException("Only a compact gradient's listed rows are written in place.");
        if (previouslyListed > _count) values.Slice(_count * RowWidth, (previouslyListed - _count) * RowWidth).Clear();
    }

    /// <summary>Sets the listed rows of <paramref name="values"/> (or every row, when <see cref="All"/>) to zero.</summary>
    public void ClearRows(Span<float> values)
    {
        if (All)
        {
            values.Clear();
            return;
        }
        var rows = Rows;
        if (Compact)
        {
            values.Slice(0, rows.Length * RowWidth).Clear();
            return;
        }
        for (int r = 0; r < rows.Length; r++)
        {
            if (r + 8 < rows.Length) Numerics.CacheHint.Prefetch(values.Slice(rows[r + 8] * RowWidth, RowWidth));
            values.Slice(rows[r] * RowWidth, RowWidth).Clear();
        }
    }
}
