import GRDB
import PolicyModel

/// The `resources`, `policies` and `texts` dictionaries, loaded once per transaction, extended as new
/// resources and policies appear. Interval rows refer to them by integer. Backend-neutral: new ids
/// are assigned here, whatever the store, and their rows wait in the `pending…` lists until the
/// store writes them (before the interval rows that refer to them).
package struct Dictionaries {
    package private(set) var resources: [String: Int64] = [:]
    private(set) var policies: [String: Int64] = [:]
    package var texts: TextDictionary
    /// Policies by the ids as given, before the case-insensitive key is built: a cycle asks for the
    /// same few hundred policies hundreds of thousands of times.
    private var givenPolicies: [GivenPolicy: Int64] = [:]
    private var nextResource: Int64 = 1
    private var nextPolicy: Int64 = 1
    /// The resources added since the store last wrote them.
    package var pendingResources: [NewResource] = []
    /// The policies added since the store last wrote them.
    package var pendingPolicies: [NewPolicy] = []

    /// A `resources` row to write.
    package struct NewResource {
        package var id: Int64
        package var resourceId: String
        package var subscriptionId: String
        package var type: String
        package var location: String?
        package var group: String?
    }

    /// A `policies` row to write (`groupNames` joined by newlines, as stored).
    package struct NewPolicy {
        package var id: Int64
        package var assignmentId: String
        package var definitionId: String
        package var referenceId: String
        package var setId: String?
        package var action: String
        package var groupNames: String
    }

    /// The dictionaries holding these rows: resources (id, resource id), policies (id, assignment,
    /// definition, reference id, action) and texts by id.
    package init(
        resources: [(id: Int64, resourceId: String)],
        policies: [(id: Int64, assignment: String, definition: String, reference: String, action: String)],
        texts: [Int64: String]
    ) {
        for (id, resourceId) in resources {
            self.resources[ResourceID(resourceId).key] = id
            nextResource = max(nextResource, id + 1)
        }
        for policy in policies {
            self.policies[Self.policyKey(policy.assignment, policy.definition, policy.reference, policy.action)] =
                policy.id
            nextPolicy = max(nextPolicy, policy.id + 1)
        }
        self.texts = TextDictionary(texts)
    }

    /// The id of a repeated text; a new one waits in `texts.pending`.
    package mutating func text(_ text: String) -> Int64 {
        texts.id(text)
    }

    static func policyKey(_ assignment: String, _ definition: String, _ reference: String, _ action: String) -> String {
        (assignment + "|" + definition + "|" + reference + "|" + action).lowercased()
    }

    /// The id of a resource; a new one waits in `pendingResources`.
    package mutating func resource(
        id: ResourceID, subscriptionId: String, type: String, location: String?, group: String?
    ) -> Int64 {
        if let known = resources[id.key] { return known }
        let new = nextResource
        nextResource += 1
        pendingResources.append(
            NewResource(
                id: new, resourceId: id.rawValue, subscriptionId: subscriptionId, type: type, location: location,
                group: group))
        resources[id.key] = new
        return new
    }

    /// The id of a policy (assignment, definition, reference id, action); a new one waits in
    /// `pendingPolicies`.
    package mutating func policy(
        assignment: ResourceID, definition: ResourceID, reference: String?, set: ResourceID?, action: String,
        groups: [String]
    ) -> Int64 {
        let given = GivenPolicy(assignment: assignment, definition: definition, reference: reference, action: action)
        if let known = givenPolicies[given] { return known }
        let key = Self.policyKey(assignment.rawValue, definition.rawValue, reference ?? "", action)
        if let known = policies[key] {
            givenPolicies[given] = known
            return known
        }
        let new = nextPolicy
        nextPolicy += 1
        pendingPolicies.append(
            NewPolicy(
                id: new, assignmentId: assignment.rawValue, definitionId: definition.rawValue,
                referenceId: reference ?? "", setId: set?.rawValue, action: action,
                groupNames: groups.joined(separator: "\n")))
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

extension Dictionaries {
    init(_ db: Database) throws {
        var resources: [(id: Int64, resourceId: String)] = []
        let r = try Row.fetchCursor(db, sql: "SELECT id, resource_id FROM resources")
        while let row = try r.next() { resources.append((row[0], row[1])) }
        var policies: [(id: Int64, assignment: String, definition: String, reference: String, action: String)] = []
        let p = try Row.fetchCursor(
            db, sql: "SELECT id, assignment_id, definition_id, reference_id, action FROM policies")
        while let row = try p.next() { policies.append((row[0], row[1], row[2], row[3], row[4])) }
        self.init(resources: resources, policies: policies, texts: try TextDictionary.all(db))
    }

    /// The id of a repeated text, inserting it when new.
    mutating func text(_ db: Database, _ text: String) throws -> Int64 {
        try texts.id(db, text)
    }

    /// Every text by id, for reading.
    static func texts(_ db: Database) throws -> [Int64: String] {
        try TextDictionary.all(db)
    }

    /// The id of a resource, inserting it when new.
    mutating func resource(
        _ db: Database, id: ResourceID, subscriptionId: String, type: String, location: String?, group: String?
    ) throws -> Int64 {
        let row = resource(id: id, subscriptionId: subscriptionId, type: type, location: location, group: group)
        try write(db)
        return row
    }

    /// The id of a policy (assignment, definition, reference id, action), inserting it when new.
    mutating func policy(
        _ db: Database, assignment: ResourceID, definition: ResourceID, reference: String?, set: ResourceID?,
        action: String, groups: [String]
    ) throws -> Int64 {
        let row = policy(
            assignment: assignment, definition: definition, reference: reference, set: set, action: action,
            groups: groups)
        try write(db)
        return row
    }

    /// Writes the pending rows.
    mutating func write(_ db: Database) throws {
        for r in pendingResources {
            try db.cachedStatement(
                sql:
                    "INSERT INTO resources (id, resource_id, subscription_id, resource_type, location, resource_group) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [r.id, r.resourceId, r.subscriptionId, r.type, r.location, r.group])
        }
        pendingResources.removeAll()
        for p in pendingPolicies {
            try db.cachedStatement(
                sql:
                    "INSERT INTO policies (id, assignment_id, definition_id, reference_id, set_id, action, group_names) VALUES (?, ?, ?, ?, ?, ?, ?)"
            ).execute(arguments: [p.id, p.assignmentId, p.definitionId, p.referenceId, p.setId, p.action, p.groupNames])
        }
        pendingPolicies.removeAll()
        try texts.write(db)
    }
}
