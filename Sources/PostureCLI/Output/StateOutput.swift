import Foundation
import JSONCore
import PolicyModel

/// Prints policy states: a table for people, Azure's `policyStates` query result or CSV for tools.
/// Rows are written as bytes into a buffered writer (hundreds of thousands of them at scale); the
/// text is the same as `JSONWriter`'s pretty form of `PolicyState.json`, `CSVWriter`'s and
/// `TextTable`'s.
struct StateOutput {
    let states: [PolicyState]
    let tenant: Tenant

    static let csvHeader = [
        "timestamp", "resourceId", "policyAssignmentId", "policyDefinitionId", "policyDefinitionReferenceId",
        "complianceState", "policyDefinitionAction", "subscriptionId", "resourceType", "resourceLocation",
        "resourceGroup", "exemptionId", "exemptionCategory",
    ]

    /// Writes the states in `format` to standard output, ending with a newline; false when a write failed.
    func write(_ format: OutputFormat) -> Bool {
        var out = ByteOutput()
        switch format {
        case .json: writeJSON(into: &out)
        case .csv: writeCSV(into: &out)
        case .table: writeTable(into: &out)
        }
        out.append(0x0A)
        return out.finish()
    }

    /// The text `write` prints, without the final newline (for tests).
    func render(_ format: OutputFormat) -> String {
        var out = ByteOutput()
        switch format {
        case .json: writeJSON(into: &out, flushing: false)
        case .csv: writeCSV(into: &out, flushing: false)
        case .table: writeTable(into: &out, flushing: false)
        }
        return String(decoding: out.buffer, as: UTF8.self)
    }

    // MARK: - CSV

    private func writeCSV(into out: inout ByteOutput, flushing: Bool = true) {
        for (i, field) in Self.csvHeader.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Self.csvField(field, into: &out)
        }
        var timestamps = TimestampCache()
        for s in states {
            out.append(0x0A)
            Self.csvField(timestamps.text(s.timestamp), into: &out)
            for field in [
                s.resourceId.rawValue, s.policyAssignmentId.rawValue, s.policyDefinitionId.rawValue,
                s.policyDefinitionReferenceId ?? "", s.complianceState.rawValue, s.policyDefinitionAction,
                s.subscriptionId, s.resourceType, s.resourceLocation ?? "", s.resourceGroup ?? "",
                s.exemption?.id.rawValue ?? "", s.exemption?.category.rawValue ?? "",
            ] {
                out.append(UInt8(ascii: ","))
                Self.csvField(field, into: &out)
            }
            if flushing { out.flushIfFull() }
        }
    }

    /// RFC 4180: quoted, with quotes doubled, when the field holds a comma, a quote or a line break;
    /// a text cell that would start a formula is neutralised as `CSVWriter` does (OWASP).
    private static func csvField(_ field: String, into out: inout ByteOutput) {
        var field = field
        if let first = field.utf8.first, "=+-@\t\r".utf8.contains(first) { field = CSVWriter.neutralised(field) }
        field.withUTF8 { bytes in
            let special = bytes.contains {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
            }
            guard special else {
                out.append(utf8: bytes)
                return
            }
            out.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { out.append(byte) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    // MARK: - JSON

    private func writeJSON(into out: inout ByteOutput, flushing: Bool = true) {
        out.append("{\n  \"@odata.context\": ")
        Self.string(
            "https://management.azure.com/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest", into: &out)
        out.append(",\n  \"@odata.count\": ")
        var count: [UInt8] = []
        JSONWriter.writeNumber(Double(states.count), into: &count)
        out.append(bytes: count)
        out.append(",\n  \"value\": ")
        guard !states.isEmpty else {
            out.append("[]\n}")
            return
        }
        out.append("[")
        var timestamps = TimestampCache()
        var assignments: [ResourceID: (name: [UInt8], scope: [UInt8])] = [:]
        var definitions: [ResourceID: [UInt8]] = [:]
        var groups: [String: [UInt8]] = [:]
        var contexts: [String: [UInt8]] = [:]
        var setNames: [String: [UInt8]] = [:]
        for (i, s) in states.enumerated() {
            out.append(i == 0 ? "\n    {" : ",\n    {")
            let context = Self.cached(&contexts, s.subscriptionId) {
                "https://management.azure.com/subscriptions/\(s.subscriptionId)"
                    + "/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest/$entity"
            }
            member("@odata.context", bytes: context, first: true, into: &out)
            member("timestamp", timestamps.text(s.timestamp), into: &out)
            member("resourceId", s.resourceId.rawValue, into: &out)
            member("policyAssignmentId", s.policyAssignmentId.rawValue, into: &out)
            member("policyDefinitionId", s.policyDefinitionId.rawValue, into: &out)
            Self.key("isCompliant", first: false, into: &out)
            out.append(s.complianceState == .compliant ? "true" : "false")
            member("subscriptionId", s.subscriptionId, into: &out)
            member("resourceType", s.resourceType, into: &out)
            let assignment: (name: [UInt8], scope: [UInt8])
            if let known = assignments[s.policyAssignmentId] {
                assignment = known
            } else {
                assignment = (
                    Self.encoded(s.policyAssignmentId.name), Self.encoded(s.policyAssignmentId.scopeOfChild.rawValue)
                )
                assignments[s.policyAssignmentId] = assignment
            }
            member("policyAssignmentName", bytes: assignment.name, into: &out)
            member("policyAssignmentScope", bytes: assignment.scope, into: &out)
            let definitionName: [UInt8]
            if let known = definitions[s.policyDefinitionId] {
                definitionName = known
            } else {
                definitionName = Self.encoded(s.policyDefinitionId.name)
                definitions[s.policyDefinitionId] = definitionName
            }
            member("policyDefinitionName", bytes: definitionName, into: &out)
            member("policyDefinitionAction", s.policyDefinitionAction, into: &out)
            let groupIds = Self.cached(&groups, s.subscriptionId) {
                tenant.managementGroupAncestors(ofSubscription: s.subscriptionId).joined(separator: ",")
            }
            member("managementGroupIds", bytes: groupIds, into: &out)
            member("complianceState", s.complianceState.rawValue, into: &out)
            Self.key("policyDefinitionGroupNames", first: false, into: &out)
            stringArray(s.policyDefinitionGroupNames, into: &out)
            if let location = s.resourceLocation { member("resourceLocation", location, into: &out) }
            if let group = s.resourceGroup { member("resourceGroup", group, into: &out) }
            if let set = s.policySetDefinitionId {
                member("policySetDefinitionId", set.rawValue, into: &out)
                member("policySetDefinitionName", bytes: Self.cached(&setNames, set.rawValue) { set.name }, into: &out)
            }
            if let reference = s.policyDefinitionReferenceId {
                member("policyDefinitionReferenceId", reference, into: &out)
            }
            if let exemption = s.exemption {
                Self.key("policyExemptionIds", first: false, into: &out)
                stringArray([exemption.id.rawValue], into: &out)
                member("exemptionCategory", exemption.category.rawValue, into: &out)
            }
            out.append("\n    }")
            if flushing { out.flushIfFull() }
        }
        out.append("\n  ]\n}")
    }

    /// A member of a state object (indent 6), as `JSONWriter` writes it pretty.
    private func member(_ key: String, _ value: String, first: Bool = false, into out: inout ByteOutput) {
        Self.key(key, first: first, into: &out)
        Self.string(value, into: &out)
    }

    private func member(_ key: String, bytes: [UInt8], first: Bool = false, into out: inout ByteOutput) {
        Self.key(key, first: first, into: &out)
        out.append(bytes: bytes)
    }

    private func stringArray(_ values: [String], into out: inout ByteOutput) {
        guard !values.isEmpty else {
            out.append("[]")
            return
        }
        out.append("[")
        for (i, value) in values.enumerated() {
            out.append(i == 0 ? "\n        " : ",\n        ")
            Self.string(value, into: &out)
        }
        out.append("\n      ]")
    }

    private static func key(_ key: String, first: Bool, into out: inout ByteOutput) {
        out.append(first ? "\n      \"" : ",\n      \"")
        out.append(key)
        out.append("\": ")
    }

    /// A JSON string literal: copied whole when nothing in it needs an escape (ids and names), else
    /// escaped by `JSONWriter`.
    private static func string(_ value: String, into out: inout ByteOutput) {
        var value = value
        let plain = value.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            out.buffer.append(UInt8(ascii: "\""))
            out.buffer.append(contentsOf: bytes)
            out.buffer.append(UInt8(ascii: "\""))
            return true
        }
        if !plain { JSONWriter.writeString(value, into: &out.buffer) }
    }

    /// A JSON string literal's bytes, escaped as `JSONWriter` escapes them.
    private static func encoded(_ value: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        JSONWriter.writeString(value, into: &bytes)
        return bytes
    }

    private static func cached(_ cache: inout [String: [UInt8]], _ key: String, _ make: () -> String) -> [UInt8] {
        if let known = cache[key] { return known }
        let bytes = encoded(make())
        cache[key] = bytes
        return bytes
    }

    // MARK: - Table

    private func writeTable(into out: inout ByteOutput, flushing: Bool = true) {
        let header = ["resource", "assignment", "policy", "state", "effect"]
        var names: [ResourceID: String] = [:]
        func name(_ id: ResourceID) -> String {
            if let known = names[id] { return known }
            let text = id.name
            names[id] = text
            return text
        }
        // Two passes over the states (widths, then lines) with one reused row: no table of cells in memory.
        func cells(_ s: PolicyState, into row: inout [String]) {
            row[0] = s.resourceId.name
            row[1] = name(s.policyAssignmentId)
            row[2] = s.policyDefinitionReferenceId ?? name(s.policyDefinitionId)
            let state = s.complianceState.rawValue
            row[3] = s.exemption.map { state + " (\($0.category.rawValue))" } ?? state
            row[4] = s.policyDefinitionAction
        }
        var widths = header.map(Self.width)
        // As `TextTable`: a column is right-aligned when every cell is a number (a trailing % allowed).
        var numeric = header.map { _ in !states.isEmpty }
        var row = header
        for s in states {
            cells(s, into: &row)
            for c in row.indices {
                widths[c] = max(widths[c], Self.width(row[c]))
                if numeric[c], Double(row[c].filter { $0 != "%" }) == nil { numeric[c] = false }
            }
        }
        func line(_ cells: [String]) {
            let start = out.buffer.count
            for c in cells.indices {
                if c > 0 { out.append(UInt8(ascii: " "), count: 2) }
                let pad = widths[c] - Self.width(cells[c])
                if numeric[c] { out.append(UInt8(ascii: " "), count: pad) }
                out.append(cells[c])
                if !numeric[c] { out.append(UInt8(ascii: " "), count: pad) }
            }
            out.trimTrailingSpaces(downTo: start)
        }
        line(header)
        var counts = [Int](repeating: 0, count: ComplianceState.allCases.count)
        let positions = Dictionary(
            uniqueKeysWithValues: ComplianceState.allCases.enumerated().map { ($0.element, $0.offset) })
        for s in states {
            cells(s, into: &row)
            out.append(0x0A)
            line(row)
            counts[positions[s.complianceState] ?? 0] += 1
            if flushing { out.flushIfFull() }
        }
        let listed = ComplianceState.allCases.enumerated().compactMap { i, c in
            counts[i] > 0 ? "\(counts[i]) \(c.rawValue)" : nil
        }
        out.append("\n\n\(states.count) states: " + listed.joined(separator: ", "))
    }

    /// The width `TextTable` gives a cell: its character count (its byte count when it is ASCII).
    private static func width(_ text: String) -> Int {
        var text = text
        let ascii = text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } ? bytes.count : nil }
        return ascii ?? text.count
    }
}

/// The ISO 8601 text of the last timestamp formatted: a cycle's states share a handful of instants.
private struct TimestampCache {
    var last: (Date, String)?

    mutating func text(_ date: Date) -> String {
        if let last, last.0 == date { return last.1 }
        let text = ISO8601.format(date)
        last = (date, text)
        return text
    }
}
