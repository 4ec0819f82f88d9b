import Foundation
import PolicyModel

/// Why a run, a scan or an ingest cannot go ahead: a code callers can match, a sentence a user can
/// act on, and the instants it concerns.
package struct OrchestrationError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// `now` is before what the history already holds: the clock only goes forward.
        case clockBackwards
        /// No tenant version is recorded, so no cycle can run.
        case noTenantVersion
        /// The lock file beside the database cannot be created or opened (an I/O error).
        case lockUnavailable
        /// Another run holds the lock.
        case busy
    }

    package let code: Code
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }

    /// `now` is before `latest`, the newest instant the history holds.
    static func clockBackwards(now: Date, latest: Date) -> OrchestrationError {
        OrchestrationError(
            .clockBackwards,
            "the history already holds \(ISO8601.format(latest)); \(ISO8601.format(now)) is before it, "
                + "and the clock only goes forward")
    }
}
