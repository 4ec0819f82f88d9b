import GRDB
import PolicyModel

/// The `resources`, `policies` and `texts` dictionaries, loaded once per transaction, extended as new
/// resources and policies appear. Interval rows refer to them by integer.
struct Dictionaries {
    private(set) var resources: [String: Int64] = [:]
    private(set) var policies: [String: Int64] = [:]
    private var texts: TextDictionary
    /// Policies by the ids as given, before the case-insensitive key is built: a cycle asks for the
    /// same few hundred policies hundreds of thousands of times.
    private var givenPolicies: [GivenPolicy: Int64] = [:]
    private var nextResource: Int64 = 1
    private var nextPolicy: Int64 = 1

    init(_ db: Database) throws {
        let r = try Row.fetchCursor(db, sql: "SELECT id, resource_id FROM resources")
        while let row = try r.next() {
            let id: Int64 = row[0]
            resources[ResourceID(row[1]).key] = id
            nextResource = max(nextResource, id + 1)
        }
        let p = try Row.fetchCursor(
            db, sql: "SELECT id, assignment_id, definition_id, reference_id, action FROM policies")
        while let row = try p.next() {
            let id: Int64 = row[0]
            policies[Self.policyKey(row[1], row[2], row[3], row[4])] = id
            nextPolicy = max(nextPolicy, id + 1)
        }
        texts = try TextDictionary(db)
    }

    /// The id of a repeated text, inserting it when new (`TextDictionary`).
    mutating func text(_ db: Database, _ text: String) throws -> Int64 {
        try texts.id(db, text)
    }

    /// Every text by id, for reading.
    static func texts(_ db: Database) throws -> [Int64: String] {
        try TextDictionary.all(db)
    }

    static func policyKey(_ assignment: String, _ definition: String, _ reference: String, _ action: String) -> String {
        (assignment + "|" + definition + "|" + reference + "|" + action).lowercased()
    }

    /// The id of a resource, inserting it when new.
    mutating func resource(
        _ db: Database, id: ResourceID, subscriptionId: String, type: String, location: String?, group: String?
    ) throws -> Int64 {
        if let known = resources[id.key] { return known }
        let new = nextResource
        nextResource += 1
        try db.cachedStatement(
            sql:
                "INSERT INTO resources (id, resource_id, subscription_id, resource_type, location, resource_group) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [new, id.rawValue, subscriptionId, type, location, group])
        resources[id.key] = new
        return new
    }

    /// The id of a policy (assignment, definition, reference id, action), inserting it when new.
    mutating func policy(
        _ db: Database, assignment: ResourceID, definition: ResourceID, reference: String?, set: ResourceID?,
        action: String, groups: [String]
    ) throws -> Int64 {
        let given = GivenPolicy(assignment: assignment, definition: definition, reference: reference, action: action)
        if let known = givenPolicies[given] { return known }
        let key = Self.policyKey(assignment.rawValue, definition.rawValue, reference ?? "", action)
        if let known = policies[key] {
            givenPolicies[given] = known
            return known
        }
        let new = nextPolicy
        nextPolicy += 1
        try db.cachedStatement(
            sql:
                "INSERT INTO policies (id, assignment_id, definition_id, reference_id, set_id, action, group_names) VALUES (?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            new, assignment.rawValue, definition.rawValue, reference ?? "", set?.rawValue, action,
            groups.joined(separator: "\n"),
        ])
        policies[key] = new
        givenPolicies[given] = new
        return new
    }

    private struct GivenPolicy: Hashable {
        var assignment: ResourceID
        var definition: ResourceID
        var reference: String?
        var action: String
    }
}
