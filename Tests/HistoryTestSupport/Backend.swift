import TestSupport

/// Where a test's history is kept. The tests that read and write a history through the history API
/// (`HistoryReading`, `HistoryWriting`) take it as their argument and run on each backend this
/// machine has: SQLite always, PostgreSQL where it is installed (`PostgresCluster.available`).
package enum Backend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// The backends this machine can run.
    package static let all: [Backend] = PostgresCluster.available ? allCases : [.sqlite]
}
