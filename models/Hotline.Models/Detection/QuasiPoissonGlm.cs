using MathNet.Numerics.LinearAlgebra;

namespace Hotline.Models.Detection;

/// <summary>
/// Quasi-Poisson GLM with log link, fitted by iteratively reweighted least squares with prior weights, the way
/// R's glm(family = quasipoisson) does it (start μ = y + 0.1, convergence when the deviance changes by less than
/// 1e-8 relative, at most 25 iterations). Gives what Farrington needs: coefficients and their covariance,
/// the Pearson dispersion, hat values, and link-scale predictions with standard errors.
/// </summary>
public sealed class QuasiPoissonGlm
{
    public Vector<double> Beta { get; }
    public Vector<double> Fitted { get; }
    /// <summary>(Xᵀ W X)⁻¹ at convergence; the coefficient covariance is this times <see cref="Dispersion"/>.</summary>
    public Matrix<double> Unscaled { get; }
    public double Dispersion { get; }
    public int DfResidual { get; }
    public bool Converged { get; }
    private readonly Matrix<double> _x;
    private readonly Vector<double> _w;

    private QuasiPoissonGlm(Matrix<double> x, Vector<double> w, Vector<double> beta, Vector<double> mu,
        Matrix<double> unscaled, double dispersion, int df, bool converged)
    {
        _x = x; _w = w; Beta = beta; Fitted = mu; Unscaled = unscaled;
        Dispersion = dispersion; DfResidual = df; Converged = converged;
    }

    public static QuasiPoissonGlm Fit(Matrix<double> x, Vector<double> y, Vector<double>? priorWeights = null,
        int maxIterations = 25, double epsilon = 1e-8)
    {
        var n = y.Count;
        var prior = priorWeights ?? Vector<double>.Build.Dense(n, 1.0);
        var mu = y.Map(v => v + 0.1);
        var eta = mu.PointwiseLog();
        var beta = Vector<double>.Build.Dense(x.ColumnCount);
        Matrix<double> xtwxInv = Matrix<double>.Build.DenseIdentity(x.ColumnCount);
        double devOld = double.PositiveInfinity;
        var converged = false;
        for (var iter = 0; iter < maxIterations; iter++)
        {
            var z = eta + (y - mu).PointwiseDivide(mu);
            var w = prior.PointwiseMultiply(mu);
            var xtw = x.Transpose().Multiply(Matrix<double>.Build.DenseOfDiagonalVector(w));
            var xtwx = xtw * x;
            xtwxInv = xtwx.Inverse();
            beta = xtwxInv * (xtw * z);
            eta = x * beta;
            mu = eta.PointwiseExp();
            var dev = Deviance(y, mu, prior);
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < epsilon) { converged = true; break; }
            devOld = dev;
        }
        {
            // Covariance at the final μ (R reports the last iteration's weights).
            var w = prior.PointwiseMultiply(mu);
            xtwxInv = (x.Transpose().Multiply(Matrix<double>.Build.DenseOfDiagonalVector(w)) * x).Inverse();
        }
        var df = prior.Count(v => v > 0) - x.ColumnCount;
        double pearson = 0;
        for (var i = 0; i < n; i++) pearson += prior[i] * (y[i] - mu[i]) * (y[i] - mu[i]) / mu[i];
        var dispersion = df > 0 ? pearson / df : double.NaN;
        var bad = beta.Any(b => double.IsNaN(b) || double.IsInfinity(b));
        return new QuasiPoissonGlm(x, prior, beta, mu, xtwxInv, dispersion, df, converged && !bad);
    }

    private static double Deviance(Vector<double> y, Vector<double> mu, Vector<double> w)
    {
        double d = 0;
        for (var i = 0; i < y.Count; i++) d += w[i] * ((y[i] > 0 ? y[i] * Math.Log(y[i] / mu[i]) : 0) - (y[i] - mu[i]));
        return 2 * d;
    }

    /// <summary>Leverages h_ii of the weighted fit (R's hatvalues for a glm).</summary>
    public double[] HatValues()
    {
        var h = new double[_x.RowCount];
        for (var i = 0; i < h.Length; i++)
        {
            var row = _x.Row(i);
            h[i] = _w[i] * Fitted[i] * (row * Unscaled * row);
        }
        return h;
    }

    /// <summary>
    /// Link-scale prediction and its standard error (with the dispersion, as predict.glm does for quasi families).
    /// </summary>
    public (double Eta, double Se) PredictLink(Vector<double> x0) =>
        (x0 * Beta, Math.Sqrt(Dispersion * (x0 * Unscaled * x0)));

    /// <summary>
    /// Two-sided p-value of coefficient j (t test with the residual degrees of freedom, as summary.glm for quasi
    /// families).
    /// </summary>
    public double PValue(int j)
    {
        var se = Math.Sqrt(Dispersion * Unscaled[j, j]);
        var t = Beta[j] / se;
        return 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, DfResidual, -Math.Abs(t));
    }
}
