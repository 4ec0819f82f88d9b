/// Why an export failed: the call that failed, what `az` said, and the exit code a cron job reports.
package struct AzureExportError: Error, Sendable, CustomStringConvertible {
    /// The class of failure; each maps to one exit code.
    package enum Code: Sendable, Equatable {
        /// `az` could not be started, exited non-zero, or printed something that is not its documented shape.
        case unavailable
        /// Azure throttled the call (429, `RateLimiting`, `Too Many Requests`) past the retries.
        case throttled
        /// Paging ended before the rows added up to `total_records` (a truncated result).
        case truncated
        /// The exported directory does not load: the loader's diagnostics.
        case invalidExport
        /// The output directory cannot be written, or the swap into place failed.
        case io
    }

    package var code: Code
    /// The call, as a user would type it (`az graph query -q "resources" …`), or the path for I/O.
    package var call: String
    /// What went wrong, with `az`'s own message when it printed one.
    package var message: String

    package init(_ code: Code, call: String, message: String) {
        self.code = code
        self.call = call
        self.message = message
    }

    /// The exit code: 69 unavailable, 75 try again later, 2 the exported data does not load, 74 I/O.
    package var exitCode: Int32 {
        switch code {
        case .unavailable, .truncated: 69
        case .throttled: 75
        case .invalidExport: 2
        case .io: 74
        }
    }

    package var description: String { "\(call): \(message)" }
}
