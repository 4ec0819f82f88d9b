import Foundation
import GRDB
import PolicyModel

/// A row of the `policies` dictionary, as readers need it.
struct StoredPolicy {
    var assignmentId: ResourceID
    var definitionId: ResourceID
    var referenceId: String
    var setId: ResourceID?
    var action: String
    var groupNames: [String]
    /// Position in the order (assignment id, reference id) that readers sort states by.
    var rank: Int

    /// Every policy by its dictionary id.
    static func all(_ db: Database) throws -> [Int64: StoredPolicy] {
        let rows = try Row.fetchAll(
            db,
            sql:
                "SELECT id, assignment_id, definition_id, reference_id, set_id, action, group_names FROM policies ORDER BY assignment_id, reference_id, id"
        )
        var policies: [Int64: StoredPolicy] = [:]
        for (rank, row) in rows.enumerated() {
            let groups: String = row[6]
            policies[row[0]] = StoredPolicy(
                assignmentId: ResourceID(row[1]), definitionId: ResourceID(row[2]), referenceId: row[3],
                setId: (row[4] as String?).map(ResourceID.init), action: row[5],
                groupNames: groups.isEmpty ? [] : groups.components(separatedBy: "\n"), rank: rank)
        }
        return policies
    }
}
