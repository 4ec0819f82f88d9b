import AzureExport
import Foundation
import PolicyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// "resources.json: page 12, 12,000 of 100,000 rows, ETA 40 s" on stderr, only when stderr is a terminal.
final class ExportProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var shown = false
    private var fileStarted = ContinuousClock.now
    private var file = ""

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func show(_ p: ExportProgress) {
        guard enabled else { return }
        lock.withLock {
            if p.file != file {
                file = p.file
                fileStarted = ContinuousClock.now
            }
            var eta = ""
            if let expected = p.expected, p.rows > 0, expected > p.rows {
                let elapsed = ContinuousClock.now - fileStarted
                let seconds = elapsed.inSeconds
                eta = ", ETA \(Int((seconds / Double(p.rows) * Double(expected - p.rows)).rounded())) s"
            }
            let total = p.expected.map { " of \($0)" } ?? ""
            FileHandle.standardError.write(
                Data("\r\u{1B}[K\(p.file): page \(p.pages), \(p.rows)\(total) rows\(eta)".utf8))
            shown = true
        }
    }

    func finish() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
