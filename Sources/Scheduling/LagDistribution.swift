/// A summary of many lags, in seconds: the smallest, the nearest-rank percentiles 50, 90 and 99, and
/// the largest.
///
/// The nearest-rank p-th percentile of n sorted values is the value at rank ⌈p·n/100⌉ (1-based):
/// with 100 000 lags, p50 is the 50 000th smallest, p99 the 99 000th.
package struct LagDistribution: Sendable, Hashable {
    /// The smallest lag.
    package var min: Double
    /// The median (nearest rank).
    package var p50: Double
    /// The 90th percentile (nearest rank).
    package var p90: Double
    /// The 99th percentile (nearest rank).
    package var p99: Double
    /// The largest lag.
    package var max: Double

    /// The summary of `lags` (at least one).
    package init(lags: [Double]) {
        precondition(!lags.isEmpty, "a distribution needs at least one lag")
        let sorted = lags.sorted()
        func percentile(_ p: Int) -> Double {
            let rank = (p * sorted.count + 99) / 100
            return sorted[Swift.max(1, rank) - 1]
        }
        min = sorted[0]
        p50 = percentile(50)
        p90 = percentile(90)
        p99 = percentile(99)
        max = sorted[sorted.count - 1]
    }
}
