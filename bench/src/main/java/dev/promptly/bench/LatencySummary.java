package dev.promptly.bench;

/** Percentiles of one latency (or any positive duration), in milliseconds. */
record LatencySummary(
    int count, double p50, double p90, double p95, double p99, double max, double mean) {}
