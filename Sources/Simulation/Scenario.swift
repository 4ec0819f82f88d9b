import Foundation
import JSONCore
import PolicyModel

/// A scenario: a tenant, a schedule, a time window and the events that change the tenant in it
/// (`Fixtures/scenarios/*.json`). Paths are relative to the scenario file.
package struct Scenario: Sendable {
    package var tenantPath: String
    package var schedulePath: String
    package var start: Date
    package var end: Date
    /// In time order; events at the same instant keep their file order.
    package var events: [ScenarioEvent]

    package init(tenantPath: String, schedulePath: String, start: Date, end: Date, events: [ScenarioEvent]) {
        self.tenantPath = tenantPath
        self.schedulePath = schedulePath
        self.start = start
        self.end = end
        self.events = events
    }

    /// Decodes a scenario document; every problem is reported with its JSON path
    /// (`scenario.json:$.events[3].at: ...`). `directory` resolves the relative paths.
    package static func decode(_ document: JSONValue, file: String, directory: String) throws(InputError) -> Scenario {
        let log = DiagnosticLog()
        let root = JSONNode(document, file: file, log: log)
        _ = root.object()
        func resolve(_ path: String?) -> String {
            guard let path else { return "" }
            return path.hasPrefix("/")
                ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).standardized.path
        }
        func instant(_ node: JSONNode) -> Date? {
            guard let text = node.string() else { return nil }
            guard let date = ISO8601.parse(text) else {
                node.report("'\(text.prefix(64))' is not an ISO 8601 instant (e.g. 2026-11-03T10:00:00Z)")
                return nil
            }
            return date
        }
        let tenantPath = resolve(root["tenant"].string())
        let schedulePath = resolve(root["schedule"].string())
        let start = instant(root["start"])
        let end = instant(root["end"])
        if let start, let end, end <= start { root["end"].report("end must be after start") }
        var events: [ScenarioEvent] = []
        for (index, node) in root["events"].elements().enumerated() {
            guard node.object() != nil, let at = instant(node["at"]) else { continue }
            if let start, let end, !(start...end).contains(at) {
                node["at"].report(
                    "the event is outside the scenario's window \(ISO8601.format(start)) – \(ISO8601.format(end))")
                continue
            }
            if let change = ScenarioEvent.Change.decode(node) {
                events.append(ScenarioEvent(index: index, at: at, change: change))
            }
        }
        if root["events"].isAbsent { root["events"].report("a scenario needs an 'events' array (it may be empty)") }
        guard log.isEmpty, let start, let end else { throw InputError(log.diagnostics) }
        let ordered = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(
            \.element)
        return Scenario(tenantPath: tenantPath, schedulePath: schedulePath, start: start, end: end, events: ordered)
    }
}

/// One event of a scenario.
package struct ScenarioEvent: Sendable {
    /// What the event does to the tenant.
    package enum Change: Sendable {
        /// Adds or replaces an object; its `type` says which part of the tenant it is.
        case put(JSONValue)
        /// Removes an object by id (a resource takes its children and exemptions with it).
        case delete(ResourceID)
        /// Sets a Defender-native result.
        case finding(JSONValue)
        /// An on-demand policy scan.
        case scan

        static func decode(_ node: JSONNode) -> Change? {
            let kinds = ["put", "delete", "finding", "scan"].filter { !node[$0].isAbsent }
            guard kinds.count == 1, let kind = kinds.first else {
                node.report(
                    "an event needs exactly one of put, delete, finding, scan (found \(kinds.isEmpty ? "none" : kinds.joined(separator: ", ")))"
                )
                return nil
            }
            switch kind {
            case "put":
                let object = node["put"]
                guard object.object() != nil, object["id"].string() != nil, object["type"].string() != nil else {
                    return nil
                }
                return .put(object.value!)
            case "delete":
                guard let id = node["delete"].string() else { return nil }
                guard id.hasPrefix("/") else {
                    node["delete"].report("'\(id.prefix(200))' is not an Azure id")
                    return nil
                }
                return .delete(ResourceID(id))
            case "finding":
                let finding = node["finding"]
                guard finding.object() != nil, finding["name"].string() != nil else { return nil }
                guard finding.value.flatMap(Finding.assessedResourceId(in:)) != nil else {
                    finding["properties"]["resourceDetails"].report(
                        "a finding needs the assessed resource's id: resourceDetails.Id (or .id)")
                    return nil
                }
                guard finding["properties"]["status"]["code"].string() != nil else { return nil }
                var object = finding.value!.objectValue!
                object["type"] = .string(Finding.resourceType)
                return .finding(.object(object))
            default:
                guard node["scan"].value == .bool(true) else {
                    node["scan"].report("scan must be true")
                    return nil
                }
                return .scan
            }
        }
    }

    /// The event's position in the file (diagnostics name it).
    package var index: Int
    package var at: Date
    package var change: Change

    package init(index: Int, at: Date, change: Change) {
        self.index = index
        self.at = at
        self.change = change
    }
}
