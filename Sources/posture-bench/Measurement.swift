import Foundation
import PolicyModel

/// One stage's figures: wall time, how many items it processed, and the peak resident memory.
struct Measurement {
    var seconds: Double
    var items: Int
    var unit: String
    /// Peak resident set size during the stage, in bytes (VmHWM after a reset).
    var peakBytes: Int

    var throughput: Double { seconds > 0 ? Double(items) / seconds : 0 }
}

/// Timing with `ContinuousClock` and peak memory from `/proc/self/status`.
enum Meter {
    /// Resets the kernel's high-water mark, so VmHWM reports this stage's peak (Linux; ignored elsewhere).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// VmHWM in bytes, or 0 where /proc is not available.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").dropFirst().first ?? "0"
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    /// Runs `body` and measures it; `body` returns the item count.
    static func measure(unit: String, _ body: () throws -> Int) rethrows -> Measurement {
        resetPeak()
        let clock = ContinuousClock()
        let start = clock.now
        let items = try body()
        let elapsed = clock.now - start
        let seconds = elapsed.inSeconds
        return Measurement(seconds: seconds, items: items, unit: unit, peakBytes: peakResidentBytes())
    }

    /// Runs `body` `runs` times and reports the median time (queries: the first run warms the cache).
    static func median(runs: Int, unit: String, _ body: () throws -> Int) rethrows -> Measurement {
        var all: [Measurement] = []
        for _ in 0..<runs { all.append(try measure(unit: unit, body)) }
        let sorted = all.sorted { $0.seconds < $1.seconds }
        var middle = sorted[runs / 2]
        middle.peakBytes = all.map(\.peakBytes).max() ?? 0
        return middle
    }
}
