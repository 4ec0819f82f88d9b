import GRDB
import PolicyModel

/// A row of the `resources` dictionary, as readers need it.
package struct StoredResource {
    var id: ResourceID
    var subscriptionId: String
    var type: String
    var location: String?
    var group: String?
    /// Position in the order of lower-cased ids: readers sort by it rather than by strings.
    var rank: Int

    package init(id: String, subscriptionId: String, type: String, location: String?, group: String?) {
        self.id = ResourceID(id)
        self.subscriptionId = subscriptionId
        self.type = type
        self.location = location
        self.group = group
        rank = 0
    }

    /// Every resource by its dictionary id, ranked.
    package static func ranked(_ rows: [(Int64, StoredResource)]) -> [Int64: StoredResource] {
        var rows = rows
        rows.sort { $0.1.id.key < $1.1.id.key }
        var resources: [Int64: StoredResource] = [:]
        resources.reserveCapacity(rows.count)
        for (rank, (id, resource)) in rows.enumerated() {
            var ranked = resource
            ranked.rank = rank
            resources[id] = ranked
        }
        return resources
    }

    /// Every resource by its dictionary id.
    static func all(_ db: Database) throws -> [Int64: StoredResource] {
        var rows: [(Int64, StoredResource)] = []
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT id, resource_id, subscription_id, resource_type, location, resource_group FROM resources")
        while let row = try cursor.next() {
            rows.append(
                (
                    row[0],
                    StoredResource(id: row[1], subscriptionId: row[2], type: row[3], location: row[4], group: row[5])
                ))
        }
        return ranked(rows)
    }
}
