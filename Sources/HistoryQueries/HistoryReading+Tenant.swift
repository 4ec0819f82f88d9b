import Foundation
import History
import PolicyModel

extension HistoryReading {
    /// The tenant as recorded at `instant`: the newest tenant version observed at or before it
    /// (before the first version, the first), rebuilt and validated. `nil` for an empty history.
    package func tenant(at instant: Date) throws -> Tenant? {
        guard let version = try tenantVersion(at: instant) else { return nil }
        return try snapshot(version: version.version).tenant(file: "history version \(version.version)")
    }
}
