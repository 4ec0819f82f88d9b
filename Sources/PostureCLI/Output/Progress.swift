import Foundation
import History
import Orchestration
import PolicyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// "cycle n of N" with an estimate of the time left, on stderr, only when stderr is a terminal
/// (cron and pipes see nothing extra).
final class Progress {
    private let enabled: Bool
    private let started = ContinuousClock.now
    private var shown = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func show(_ n: Int, _ total: Int, _ cycle: DueCycle) {
        guard enabled else { return }
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.inSeconds
        let eta = n > 1 ? " ETA \(Int((seconds / Double(n - 1) * Double(total - n + 1)).rounded())) s" : ""
        let line = "\r\u{1B}[Kcycle \(n) of \(total): \(cycle.kind.rawValue) \(ISO8601.format(cycle.start))\(eta)"
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
