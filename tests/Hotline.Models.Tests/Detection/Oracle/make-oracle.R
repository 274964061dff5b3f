# Reference values for the detector tests, computed by R surveillance (Debian r-cran-surveillance).
# Dev tool, not run by CI: the CSVs it writes are committed. Rerun with
#   Rscript tests/Hotline.Tests/Detection/Oracle/make-oracle.R   (from the repository root)
# The series are synthetic (seeded), so no third-party data is redistributed.
suppressMessages(library(surveillance))
out <- "tests/Hotline.Tests/Detection/Oracle"
set.seed(2025)

# Daily series for EARS: Poisson(12) with a five-day outbreak and a sparse stretch.
n <- 150
y <- rpois(n, 12)
y[100:104] <- y[100:104] + c(6, 12, 18, 12, 6)
y[120:135] <- rpois(16, 0.3)
dates <- seq(as.Date("2025-01-01"), by = "day", length.out = n)
write.csv(data.frame(date = format(dates), count = y), file.path(out, "daily.csv"), row.names = FALSE, quote = FALSE)
s <- sts(observed = y, epoch = as.numeric(dates), epochAsDate = TRUE, frequency = 365)
for (m in c("C1", "C2")) {
  r <- earsC(s, control = list(method = m, baseline = 7, alpha = pnorm(-3), minSigma = 0.5))
  write.csv(data.frame(date = format(epoch(r)), upperbound = sprintf("%.10f", as.vector(upperbound(r))), alarm = as.vector(as.integer(alarms(r)))),
            file.path(out, paste0("ears_", tolower(m), ".csv")), row.names = FALSE, quote = FALSE)
}

# Weekly series for Farrington: six years, trend, seasonality, negative-binomial noise, three outbreaks.
n <- 6 * 52 + 1
t <- 1:n
mu <- exp(2.5 + 0.002 * t + 0.6 * sin(2 * pi * t / 52))
y <- rnbinom(n, mu = mu, size = 8)
y[c(230, 231, 232)] <- y[c(230, 231, 232)] + c(15, 30, 20)
y[270] <- y[270] + 40
y[300:302] <- y[300:302] + 12
dates <- seq(as.Date("2019-01-07"), by = "week", length.out = n)
write.csv(data.frame(date = format(dates), count = y), file.path(out, "weekly.csv"), row.names = FALSE, quote = FALSE)
s <- sts(observed = y, epoch = as.numeric(dates), epochAsDate = TRUE, frequency = 52)
r <- farringtonFlexible(s, control = list(b = 4, w = 3, noPeriods = 10, weightsThreshold = 2.58, pastWeeksNotIncluded = 26,
                                          pThresholdTrend = 1, thresholdMethod = "nbPlugin", alpha = 0.05, powertrans = "2/3",
                                          limit54 = c(5, 4), glmWarnings = FALSE))
write.csv(data.frame(date = format(epoch(r)), upperbound = as.vector(upperbound(r)), alarm = as.vector(as.integer(alarms(r))),
                     expected = sprintf("%.8f", r@control$expected), phi = sprintf("%.8f", r@control$phiVector)),
          file.path(out, "farrington.csv"), row.names = FALSE, quote = FALSE)
