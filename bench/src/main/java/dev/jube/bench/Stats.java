package dev.jube.bench;

import java.util.Arrays;

/** Percentiles and medians of samples. */
final class Stats {

    private Stats() {}

    /** The nearest-rank percentile ({@code p} in 0..100) of the samples. */
    static double percentile(double[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] samples) {
        return percentile(samples, 50);
    }
}
