/// A problem with a schedule file: which file, which key, and what to do about it.
/// Printed as one line in the `file:path: message` form of every input error, the key as a JSON path:
/// `Schedules/x.yaml:$.policy.every: '25x' is not a duration (use 90s, 15m, 2h, 1d)`.
package struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as the user named it.
    package var file: String
    /// The dotted key (`policy.every`), or empty when the problem is the whole file.
    package var key: String
    /// What is wrong, in a sentence a user can act on.
    package var message: String

    /// A problem in `file` at `key` (empty for the whole file).
    package init(file: String, key: String, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    package var description: String { key.isEmpty ? "\(file):$: \(message)" : "\(file):$.\(key): \(message)" }
}
