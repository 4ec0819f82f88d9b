import Foundation
import GRDB
import PolicyModel

/// A row of the `policies` dictionary, as readers need it.
package struct StoredPolicy {
    var assignmentId: ResourceID
    var definitionId: ResourceID
    var referenceId: String
    var setId: ResourceID?
    var action: String
    var groupNames: [String]
    /// Position in the order (assignment id, reference id) that readers sort states by.
    var rank: Int

    /// The `policies` rows that readers sort by: the store's query orders its rows so.
    package static let order = "assignment_id, reference_id, id"

    /// A row as stored (`groups` joined by newlines), at `rank` in `order`.
    package init(
        assignment: String, definition: String, reference: String, set: String?, action: String, groups: String,
        rank: Int
    ) {
        assignmentId = ResourceID(assignment)
        definitionId = ResourceID(definition)
        referenceId = reference
        setId = set.map(ResourceID.init)
        self.action = action
        groupNames = groups.isEmpty ? [] : groups.components(separatedBy: "\n")
        self.rank = rank
    }

    /// Every policy by its dictionary id.
    static func all(_ db: Database) throws -> [Int64: StoredPolicy] {
        let rows = try Row.fetchAll(
            db,
            sql:
                "SELECT id, assignment_id, definition_id, reference_id, set_id, action, group_names FROM policies ORDER BY \(order)"
        )
        var policies: [Int64: StoredPolicy] = [:]
        for (rank, row) in rows.enumerated() {
            policies[row[0]] = StoredPolicy(
                assignment: row[1], definition: row[2], reference: row[3], set: row[4], action: row[5],
                groups: row[6], rank: rank)
        }
        return policies
    }
}
