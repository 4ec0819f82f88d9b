/// A history operation that cannot proceed: what went wrong (a code callers can match), a sentence
/// a user can act on, and the cycle it concerns when there is one. Shaped like GRDB's
/// `DatabaseError`: match with `catch let error as HistoryError where error.code == .outOfOrder`.
package struct HistoryError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    package enum Code: String, Sendable {
        /// The database was written by another version of PostureSync (schema steps this one does not know).
        case unknownSchema
        /// The file is not a history at all (no schema), or one this version must first upgrade.
        case notAHistory
        /// A row refers to something that is not there, or the change log contradicts itself.
        case damaged
        /// A stored chunk of tenant objects is truncated or does not decompress.
        case compression
        /// A cycle or a tenant version would be recorded before what is already recorded.
        case outOfOrder
        /// The same cycle is already recorded.
        case alreadyRecorded
        /// No tenant version is recorded yet.
        case noTenantVersion
        /// Another run holds the history's run lock.
        case busy
        /// The history's server cannot be reached, refuses the connection or drops it.
        case unreachable
        /// The last cycle still lacks the part of some workers of a sharded run: nothing else is
        /// recorded until they have recorded theirs (`CycleShards`).
        case awaitingShards
        /// A worker of a sharded run counts the workers differently from those that recorded the last cycle.
        case shardMismatch
    }

    package let code: Code
    package let message: String
    /// The cycle (sequence number) the problem concerns, when there is one.
    package let cycle: Int?

    package init(_ code: Code, _ message: String, cycle: Int? = nil) {
        self.code = code
        self.message = message
        self.cycle = cycle
    }

    package var description: String { message }
}
