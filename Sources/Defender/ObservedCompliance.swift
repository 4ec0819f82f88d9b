import JSONCore
import PolicyModel

/// One member of Defender's regulatory compliance lists as Azure showed it (`Microsoft.Security`
/// 2019-01-01-preview, `regulatoryCompliance.json`): a standard, one of its controls or one of a
/// control's assessments, its names read from its id and its figures kept as given (Azure's counts
/// need not add up to the members it lists).
package struct ObservedComplianceItem: Sendable, Equatable {
    /// Which of the three lists the item belongs to.
    package enum Level: Sendable, Equatable {
        case standard, control, assessment
    }

    package var subscriptionId: String
    package var standard: String
    /// Empty for a standard.
    package var control: String
    /// Empty for a standard or a control.
    package var assessment: String
    package var state: RegulatoryState
    /// `passedControls`, `passedAssessments` or `passedResources`, by level; nil where Azure printed none.
    package var passed: Int?
    package var failed: Int?
    package var skipped: Int?
    /// `unsupportedControls` (standards only).
    package var unsupported: Int?
    package var description: String?
    /// `assessmentType` and `assessmentDetailsLink` (assessments only).
    package var assessmentType: String?
    package var assessmentDetailsLink: String?

    package init(
        subscriptionId: String, standard: String, control: String = "", assessment: String = "",
        state: RegulatoryState, passed: Int? = nil, failed: Int? = nil, skipped: Int? = nil, unsupported: Int? = nil,
        description: String? = nil, assessmentType: String? = nil, assessmentDetailsLink: String? = nil
    ) {
        self.subscriptionId = subscriptionId
        self.standard = standard
        self.control = control
        self.assessment = assessment
        self.state = state
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
        self.unsupported = unsupported
        self.description = description
        self.assessmentType = assessmentType
        self.assessmentDetailsLink = assessmentDetailsLink
    }

    package var level: Level { !assessment.isEmpty ? .assessment : !control.isEmpty ? .control : .standard }

    /// The item's identity, ignoring case as Azure compares ids: subscription, standard, control, assessment.
    package var key: [String] { [subscriptionId, standard, control, assessment].map { $0.lowercased() } }

    /// The key of the item this one belongs to (a control's standard, an assessment's control).
    var parentKey: [String]? {
        switch level {
        case .standard: nil
        case .control: [subscriptionId, standard, "", ""].map { $0.lowercased() }
        case .assessment: [subscriptionId, standard, control, ""].map { $0.lowercased() }
        }
    }
}

extension ObservedComplianceItem {
    /// The members of one or more `regulatoryComplianceStandards`, `regulatoryComplianceControls` and
    /// `regulatoryComplianceAssessments` lists (`{"value": [...]}` with or without `nextLink`, an array,
    /// a REST example or one object), in any order and mix, sorted by subscription and names.
    /// Each member's level and names come from its id
    /// (`/subscriptions/{s}/providers/Microsoft.Security/regulatoryComplianceStandards/{standard}`
    /// `[/regulatoryComplianceControls/{control}[/regulatoryComplianceAssessments/{assessment}]]`).
    /// Throws every problem with its file and path: a wrong type, an unknown state, a count that is
    /// not a whole number from 0 to 2^31 − 1 (the API's int32), a `name` or `type` the id contradicts,
    /// two different members with one id (identical ones are kept once), a control whose standard or
    /// an assessment whose control is not among the documents, or no member at all.
    package static func decodeAll(_ documents: [(file: String, document: JSONValue)]) throws(InputError)
        -> [ObservedComplianceItem]
    {
        let log = DiagnosticLog()
        var items: [[String]: (item: ObservedComplianceItem, node: JSONNode)] = [:]
        var order: [[String]] = []
        for (file, document) in documents {
            for row in JSONNode(document, file: file, log: log).listRows(of: "regulatory compliance items") {
                guard let item = decode(row) else { continue }
                if let first = items[item.key] {
                    if first.item != item {
                        row["id"].report(
                            "a second, different \(item.noun) with this id (the first is \(first.node.file):"
                                + "\(first.node.path))")
                    }
                    continue
                }
                items[item.key] = (item, row)
                order.append(item.key)
            }
        }
        for key in order {
            guard let (item, node) = items[key], let parent = item.parentKey, items[parent] == nil else { continue }
            let owner =
                item.level == .control
                ? "its standard \(item.standard.prefix(128)) is in no regulatoryComplianceStandards list"
                : "its control \(item.control.prefix(128)) of standard \(item.standard.prefix(128)) is in no "
                    + "regulatoryComplianceControls list"
            node["id"].report(owner + " of this ingest (subscription \(item.subscriptionId.prefix(64)))")
        }
        if order.isEmpty, log.isEmpty, let first = documents.first {
            JSONNode(first.document, file: first.file, log: log).report("no regulatory compliance items to record")
        }
        guard log.isEmpty else { throw InputError(log.diagnostics) }
        return order.compactMap { items[$0]?.item }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// The item's kind as the API's type names it, for messages.
    var noun: String {
        switch level {
        case .standard: "regulatoryComplianceStandard"
        case .control: "regulatoryComplianceControl"
        case .assessment: "regulatoryComplianceAssessment"
        }
    }

    private static func decode(_ row: JSONNode) -> ObservedComplianceItem? {
        guard row.object() != nil, let id = row["id"].string() else { return nil }
        guard let names = names(id) else {
            row["id"].report(
                "'\(id.prefix(256))' is not the id of a regulatory compliance standard, control or assessment "
                    + "(/subscriptions/{id}/providers/Microsoft.Security/regulatoryComplianceStandards/{name}...)")
            return nil
        }
        let properties = row["properties"]
        guard properties.object() != nil else { return nil }
        var item = ObservedComplianceItem(
            subscriptionId: names[0], standard: names[1], control: names.count > 2 ? names[2] : "",
            assessment: names.count > 3 ? names[3] : "", state: .unsupported)
        if let name = row["name"].optionalString(), name.lowercased() != names[names.count - 1].lowercased() {
            row["name"].report("'\(name.prefix(128))' is not the last name of the id")
        }
        if let type = row["type"].optionalString() {
            let expected = "microsoft.security/" + item.noun.lowercased()
            if type.lowercased() != expected, type.lowercased() != expected + "s" {
                row["type"].report("'\(type.prefix(128))' is not Microsoft.Security/\(item.noun), as the id says")
            }
        }
        let state = properties["state"].string()
        if let state {
            guard let known = RegulatoryState.allCases.first(where: { $0.rawValue.lowercased() == state.lowercased() })
            else {
                properties["state"].report(
                    "expected Passed, Failed, Skipped or Unsupported, found '\(state.prefix(64))'")
                return nil
            }
            item.state = known
        }
        let noun: String
        switch item.level {
        case .standard:
            noun = "Controls"
            item.unsupported = count(properties["unsupportedControls"])
        case .control: noun = "Assessments"
        case .assessment:
            noun = "Resources"
            item.assessmentType = properties["assessmentType"].optionalString()
            item.assessmentDetailsLink = properties["assessmentDetailsLink"].optionalString()
        }
        item.passed = count(properties["passed" + noun])
        item.failed = count(properties["failed" + noun])
        item.skipped = count(properties["skipped" + noun])
        item.description = properties["description"].optionalString()
        return state == nil ? nil : item
    }

    /// [subscription, standard, control?, assessment?] from an id, each name percent-decoded; nil for
    /// any other id.
    static func names(_ id: String) -> [String]? {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let levels = [
            "regulatorycompliancestandards", "regulatorycompliancecontrols", "regulatorycomplianceassessments",
        ]
        guard parts.count == 7 || parts.count == 9 || parts.count == 11, parts[0].isEmpty,
            parts[1].lowercased() == "subscriptions", parts[3].lowercased() == "providers",
            parts[4].lowercased() == "microsoft.security"
        else { return nil }
        var names = [parts[2]]
        var index = 5
        while index < parts.count {
            guard parts[index].lowercased() == levels[(index - 5) / 2] else { return nil }
            names.append(decoded(parts[index + 1]))
            index += 2
        }
        return names.allSatisfy({ !$0.isEmpty }) ? names : nil
    }

    /// A name as one segment of an id, the inverse of `AzureShapes.segment`: `%25`, `%2F`, `%3F` and
    /// `%23` (any case) decoded, anything else kept as written.
    static func decoded(_ segment: String) -> String {
        guard segment.contains("%") else { return segment }
        var out = ""
        var rest = Substring(segment)
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent]
            let code = rest[percent...].prefix(3).uppercased()
            let decoded = ["%25": "%", "%2F": "/", "%3F": "?", "%23": "#"][code]
            out += decoded ?? "%"
            rest = rest[rest.index(after: percent)...].dropFirst(decoded == nil ? 0 : 2)
        }
        return out + rest
    }

    /// A count: absent is nil; else a whole number from 0 to 2^31 − 1 (no conversion of an untrusted value traps).
    /// An explicit null is refused: Azure leaves out a count it does not give.
    private static func count(_ node: JSONNode) -> Int? {
        if case .null? = node.value {
            node.report("expected a whole number from 0 to \(Int32.max), found null")
            return nil
        }
        guard let value = node.optionalNumber() else { return nil }
        guard value.isFinite, value >= 0, value <= Double(Int32.max), value == value.rounded() else {
            node.report("expected a whole number from 0 to \(Int32.max), found \(value)")
            return nil
        }
        return Int(value)
    }
}

extension RegulatoryComplianceLists {
    /// What Azure showed, back in the API's shapes: each item with its id rebuilt from its names and its
    /// figures as recorded (a count Azure did not print stays absent).
    package init(observed items: [ObservedComplianceItem]) {
        self.init()
        for item in items {
            var id =
                "/subscriptions/" + item.subscriptionId + "/providers/Microsoft.Security/regulatoryComplianceStandards/"
                + AzureShapes.segment(item.standard)
            var name = item.standard
            var properties: JSONObject = ["state": .string(item.state.rawValue)]
            let noun: String
            switch item.level {
            case .standard: noun = "Controls"
            case .control:
                noun = "Assessments"
                id += "/regulatoryComplianceControls/" + AzureShapes.segment(item.control)
                name = item.control
            case .assessment:
                noun = "Resources"
                id +=
                    "/regulatoryComplianceControls/" + AzureShapes.segment(item.control)
                    + "/regulatoryComplianceAssessments/" + AzureShapes.segment(item.assessment)
                name = item.assessment
            }
            if let description = item.description { properties["description"] = .string(description) }
            if let type = item.assessmentType { properties["assessmentType"] = .string(type) }
            if let link = item.assessmentDetailsLink { properties["assessmentDetailsLink"] = .string(link) }
            let counts = [
                ("passed", item.passed), ("failed", item.failed), ("skipped", item.skipped),
                ("unsupported", item.unsupported),
            ]
            for case (let prefix, let count?) in counts {
                properties[prefix + noun] = .number(Double(count))
            }
            let json: JSONValue = [
                "id": .string(id), "name": .string(name), "type": .string("Microsoft.Security/" + item.noun),
                "properties": .object(properties),
            ]
            switch item.level {
            case .standard: standards.append(json)
            case .control: controls.append(json)
            case .assessment: assessments.append(json)
            }
        }
    }
}
