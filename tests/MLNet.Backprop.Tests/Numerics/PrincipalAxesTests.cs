using MLNet.Backprop.Numerics;

namespace MLNet.Backprop.Tests.Numerics;

/// <summary>The two-axis PCA behind <see cref="EmbeddingTable.Project2D"/>, against cases solved by hand and in closed form.</summary>
public class PrincipalAxesTests
{
    [Fact]
    public void Project_FourPointsOnTwoKnownAxes_GivesTheHandSolution()
    {
        // ±3 along u = (1, 1, 0)/√2 and ±1 along z, around the centre (1, 2, 3): variances 4.5 and 0.5 of 5.
        double s = 3 / Math.Sqrt(2);
        float[] values =
        [
            (float)(1 + s), (float)(2 + s), 3f,
            (float)(1 - s), (float)(2 - s), 3f,
            1f, 2f, 4f,
            1f, 2f, 2f,
        ];
        var (x, y, first, second) = PrincipalAxes.Project(values, 4, 3);

        x.ShouldBe([3, -3, 0, 0], tolerance: 1e-6);   // u's largest component is positive: the first point is on the + side
        y.ShouldBe([0, 0, 1, -1], tolerance: 1e-6);
        first.ShouldBe(0.9, 1e-7); // the inputs are floats
        second.ShouldBe(0.1, 1e-7);
    }

    [Fact]
    public void Project_RandomPlanarPoints_MatchesTheClosedForm2x2EigenDecomposition()
    {
        var random = new Random(3);
        int n = 200;
        var values = new float[n * 2];
        for (int r = 0; r < n; r++)
        {
            double a = random.NextDouble() * 4 - 2, b = random.NextDouble() - 0.5;
            values[2 * r] = (float)(0.8 * a - 0.6 * b + 5);
            values[2 * r + 1] = (float)(0.6 * a + 0.8 * b - 1);
        }
        var (x, y, first, second) = PrincipalAxes.Project(values, n, 2);

        // The covariance [[p, q], [q, t]]: eigenvalues m ± √(((p − t)/2)² + q²), m = (p + t)/2.
        double mx = 0, my = 0;
        for (int r = 0; r < n; r++) { mx += values[2 * r]; my += values[2 * r + 1]; }
        mx /= n; my /= n;
        double p = 0, q = 0, t = 0;
        for (int r = 0; r < n; r++)
        {
            double dx = values[2 * r] - mx, dy = values[2 * r + 1] - my;
            p += dx * dx / n; q += dx * dy / n; t += dy * dy / n;
        }
        double m = (p + t) / 2, d = Math.Sqrt((p - t) * (p - t) / 4 + q * q);
        first.ShouldBe((m + d) / (p + t), 1e-9);
        second.ShouldBe((m - d) / (p + t), 1e-9);
        // The leading eigenvector (q, λ1 − p), signed so that its largest component is positive.
        double ex = q, ey = m + d - p, norm = Math.Sqrt(ex * ex + ey * ey);
        (ex, ey) = (ex / norm, ey / norm);
        if ((Math.Abs(ex) >= Math.Abs(ey) ? ex : ey) < 0) (ex, ey) = (-ex, -ey);
        for (int r = 0; r < n; r++)
        {
            x[r].ShouldBe((values[2 * r] - mx) * ex + (values[2 * r + 1] - my) * ey, 1e-5);
            // A plane projected on its own two axes is a rotation or reflection: distances from the centre are kept.
            Math.Sqrt(x[r] * x[r] + y[r] * y[r]).ShouldBe(Math.Sqrt(Math.Pow(values[2 * r] - mx, 2) + Math.Pow(values[2 * r + 1] - my, 2)), 1e-5);
        }
    }

    [Fact]
    public void Project_VectorsNegated_SameAxesSoCoordinatesNegate()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 50 * 6).Select(_ => (float)random.NextDouble()).ToArray();
        var negated = values.Select(v => -v).ToArray();
        var (x, y, _, _) = PrincipalAxes.Project(values, 50, 6);
        var (xn, yn, _, _) = PrincipalAxes.Project(negated, 50, 6);

        xn.ShouldBe(x.Select(v => -v).ToArray(), tolerance: 1e-9);
        yn.ShouldBe(y.Select(v => -v).ToArray(), tolerance: 1e-9);
    }

    [Theory]
    [InlineData(1, 40, 6)]
    [InlineData(2, 300, 16)]
    [InlineData(3, 60, 83)]
    [InlineData(4, 25, 3)]
    public void Project_RandomTables_SharesAreTheCoordinatesVariancesAndTheFirstIsTheLargest(int seed, int rows, int width)
    {
        var random = new Random(seed);
        // Correlated columns (a random mix of a few sources), so that the axes are not the coordinate axes.
        var sources = Enumerable.Range(0, rows * 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var mix = Enumerable.Range(0, 3 * width).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var values = new float[rows * width];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < width; i++)
                values[r * width + i] = (float)(Enumerable.Range(0, 3).Sum(k => sources[r * 3 + k] * mix[k * width + i]) + 0.05 * (random.NextDouble() - 0.5));
        var (x, y, first, second) = PrincipalAxes.Project(values, rows, width);

        double Variance(Func<int, double> value) { double m = Enumerable.Range(0, rows).Average(value); return Enumerable.Range(0, rows).Average(r => Math.Pow(value(r) - m, 2)); }
        double total = Enumerable.Range(0, width).Sum(i => Variance(r => values[r * width + i]));
        x.Average().ShouldBe(0, 1e-9);
        Variance(r => x[r]).ShouldBe(first * total, 1e-9 * total);
        Variance(r => y[r]).ShouldBe(second * total, 1e-9 * total);
        // Uncorrelated axes, to the power iteration's precision (it stops when a step turns the axis by ~1e-7 rad).
        Enumerable.Range(0, rows).Average(r => x[r] * y[r]).ShouldBe(0, 1e-6 * total);
        first.ShouldBeGreaterThanOrEqualTo(second);
        second.ShouldBeGreaterThan(0);
        // The first axis carries at least as much variance as any single column (PCA's defining maximum).
        for (int i = 0; i < width; i++) (first * total).ShouldBeGreaterThanOrEqualTo(Variance(r => values[r * width + i]) - 1e-9);
    }

    [Theory]
    [InlineData(1, 4)]   // one vector: nothing varies
    [InlineData(5, 1)]   // width 1: no second axis
    public void Project_DegenerateTables_FiniteCoordinates(int rows, int width)
    {
        var values = Enumerable.Range(0, rows * width).Select(i => (float)(i % 3)).ToArray();
        var (x, y, first, second) = PrincipalAxes.Project(values, rows, width);

        x.ShouldAllBe(v => double.IsFinite(v));
        y.ShouldAllBe(v => v == 0);
        (first + second).ShouldBeLessThanOrEqualTo(1 + 1e-12);
        if (width == 1) first.ShouldBe(1, 1e-12);
    }
}
