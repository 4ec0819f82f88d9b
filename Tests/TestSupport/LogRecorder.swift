import InMemoryLogging
import Logging

/// A `Logger` whose records stay in memory, for tests that assert on log lines: swift-log's own
/// `InMemoryLogHandler` (the `InMemoryLogging` module of apple/swift-log 1.16.2) at the `trace` level, so
/// that debug lines are kept too, with look-ups by message.
public struct LogRecorder: Sendable {
    /// The handler every record goes to.
    public let handler: InMemoryLogHandler

    public init() {
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        self.handler = handler
    }

    /// A logger writing to this recorder.
    public var logger: Logger {
        let handler = handler
        return Logger(label: "test") { _ in handler }
    }

    /// Every record, in the order logged.
    public var entries: [InMemoryLogHandler.Entry] { handler.entries }

    /// The records whose message is `message`, at `level` when given.
    public func entries(_ message: String, level: Logger.Level? = nil) -> [InMemoryLogHandler.Entry] {
        entries.filter { $0.message.description == message && (level == nil || $0.level == level) }
    }
}

extension InMemoryLogHandler.Entry {
    /// The metadata value of `key` as text (nil when absent).
    public func value(_ key: String) -> String? { metadata[key].map { "\($0)" } }
}
