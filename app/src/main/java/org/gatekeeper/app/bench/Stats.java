package org.gatekeeper.app.bench;

import java.util.Arrays;

/** Medians and percentiles of repeated measurements: these machines are shared and noisy. */
final class Stats {
    private Stats() {
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

    static double percentile(double[] values, double percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** A Markdown row: name, median, min and max seconds. */
    static void row(java.io.PrintWriter out, String name, double[] seconds) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double s : seconds) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        out.printf("| %s | %.3f s | %.3f s | %.3f s |%n", name, median(seconds), min, max);
    }

    /** Used heap after full collections: take two and subtract to measure what a structure retains. */
    static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static String machine() {
        Runtime runtime = Runtime.getRuntime();
        return String.format("%d cores, %.1f GiB max heap, Java %s, %s %s", runtime.availableProcessors(),
                runtime.maxMemory() / (1024.0 * 1024 * 1024), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }
}
