/// Keeps two runs on one history apart while it is held. The store's backend decides how (a file
/// lock beside a SQLite database, an advisory lock on a PostgreSQL server); every lock is released
/// when its holder releases it or exits, however it exits, so a killed run never blocks the next.
/// Taking it fails with an error whose code says that another run holds it.
package protocol HistoryRunLock: AnyObject {
    /// What is locked, as messages name it.
    var lockName: String { get }
}
