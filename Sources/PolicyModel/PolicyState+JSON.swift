package import Foundation
public import JSONCore

extension PolicyState {
    /// The state as a row of `Microsoft.PolicyInsights/policyStates` (API 2019-10-01), as
    /// `az policy state list` prints it. `managementGroupIds` lists the management groups above
    /// the resource, nearest first.
    public func json(managementGroupIds: [String] = []) -> JSONValue {
        var o: JSONObject = [
            "@odata.context": .string(
                "https://management.azure.com/subscriptions/\(subscriptionId)/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest/$entity"
            ),
            "timestamp": .string(ISO8601.format(timestamp)),
            "resourceId": .string(resourceId.rawValue),
            "policyAssignmentId": .string(policyAssignmentId.rawValue),
            "policyDefinitionId": .string(policyDefinitionId.rawValue),
            "isCompliant": .bool(complianceState == .compliant),
            "subscriptionId": .string(subscriptionId),
            "resourceType": .string(resourceType),

            "policyAssignmentName": .string(policyAssignmentId.name),
            "policyAssignmentScope": .string(policyAssignmentId.scopeOfChild.rawValue),
            "policyDefinitionName": .string(policyDefinitionId.name),
            "policyDefinitionAction": .string(policyDefinitionAction),

            "managementGroupIds": .string(managementGroupIds.joined(separator: ",")),

            "complianceState": .string(complianceState.rawValue),
            "policyDefinitionGroupNames": .array(policyDefinitionGroupNames.map(JSONValue.string)),
        ]
        // Optional members are left out rather than written as null: the schema types them as strings.
        if let resourceLocation { o["resourceLocation"] = .string(resourceLocation) }
        if let resourceGroup { o["resourceGroup"] = .string(resourceGroup) }
        if let policySetDefinitionId {
            o["policySetDefinitionId"] = .string(policySetDefinitionId.rawValue)
            o["policySetDefinitionName"] = .string(policySetDefinitionId.name)
        }
        if let policyDefinitionReferenceId { o["policyDefinitionReferenceId"] = .string(policyDefinitionReferenceId) }
        if let exemption {
            // Not in the 2019-10-01 row; kept so the exemption behind an Exempt state is never lost.
            o["policyExemptionIds"] = [.string(exemption.id.rawValue)]
            o["exemptionCategory"] = .string(exemption.category.rawValue)
        }
        return .object(o)
    }

    /// Decodes one row as `az policy state list` prints it; nil (with diagnostics) when a required
    /// member is missing or malformed.
    static func decode(_ node: JSONNode) -> PolicyState? {
        guard let object = node.object() else { return nil }
        // A Resource Graph row (`policyresources`) carries the state's members under `properties`.
        if object["resourceId"] == nil, object["properties"]?.objectValue != nil { return decode(node["properties"]) }
        guard let timestampText = node["timestamp"].string(), let resource = node["resourceId"].string(),
            let assignment = node["policyAssignmentId"].string(), let definition = node["policyDefinitionId"].string()
        else { return nil }
        guard let timestamp = ISO8601.parseInstant(timestampText) else {
            node["timestamp"].report(
                "timestamp '\(timestampText.prefix(64))' is not an ISO 8601 date-time with a zone (Z or ±hh:mm)")
            return nil
        }
        var compliance: ComplianceState?
        if let text = node["complianceState"].optionalString() {
            compliance = ComplianceState(name: text)
            if compliance == nil {
                node["complianceState"].report(
                    "complianceState must be one of \(ComplianceState.allCases.map(\.rawValue).joined(separator: ", ")), found '\(text.prefix(64))'"
                )
                return nil
            }
        } else if let compliant = node["isCompliant"].value?.boolValue {
            compliance = compliant ? .compliant : .nonCompliant
        } else {
            node["complianceState"].report("neither complianceState nor isCompliant is given")
            return nil
        }
        let id = ResourceID(resource)
        var exemption: ExemptionReference?
        if let exemptionId = node["policyExemptionIds"].value?.arrayValue?.first?.stringValue {
            let category =
                node["exemptionCategory"].optionalString().flatMap {
                    $0.equalsIgnoringASCIICase("mitigated") ? PolicyExemption.Category.mitigated : .waiver
                } ?? .waiver
            exemption = ExemptionReference(id: ResourceID(exemptionId), category: category)
        }
        return PolicyState(
            timestamp: timestamp, resourceId: id, policyAssignmentId: ResourceID(assignment),
            policyDefinitionId: ResourceID(definition),
            policyDefinitionReferenceId: node["policyDefinitionReferenceId"].optionalString().flatMap {
                $0.isEmpty ? nil : $0
            },
            policySetDefinitionId: node["policySetDefinitionId"].optionalString().flatMap {
                $0.isEmpty ? nil : ResourceID($0)
            },
            complianceState: compliance!,
            policyDefinitionAction: node["policyDefinitionAction"].optionalString()?.lowercased() ?? "",
            subscriptionId: node["subscriptionId"].optionalString() ?? id.subscriptionId ?? "",
            resourceType: node["resourceType"].optionalString() ?? id.resourceType ?? "",
            resourceLocation: node["resourceLocation"].optionalString(),
            resourceGroup: node["resourceGroup"].optionalString() ?? id.resourceGroup,
            policyDefinitionGroupNames: node["policyDefinitionGroupNames"].stringArray(), exemption: exemption)
    }

    /// Every row of a document: an array, `{"value": [...]}` (the REST list), `{"data": [...]}` (Resource Graph
    /// `policyresources`, each row's members under `properties`), a REST example or one object.
    public static func decodeAll(_ document: JSONValue, file: String) throws(InputError) -> [PolicyState] {
        try decodeAll([(document, file)])
    }

    /// Every row of several documents (one list split in files: per subscription, per page), one
    /// state per key across them all. `visibleAt`: when Azure showed them; a state evaluated later
    /// (its `timestamp`) is refused, since Azure cannot show what it has not evaluated yet.
    package static func decodeAll(
        _ documents: [(document: JSONValue, file: String)], visibleAt: Date? = nil
    ) throws(InputError) -> [PolicyState] {
        let log = DiagnosticLog()
        var states = DistinctRows<PolicyState>()
        for (document, file) in documents {
            decodeAll(JSONNode(document, file: file, log: log), into: &states, visibleAt: visibleAt)
        }
        guard log.isEmpty else { throw InputError(log.diagnostics) }
        return states.values
    }

    private static func decodeAll(_ root: JSONNode, into states: inout DistinctRows<PolicyState>, visibleAt: Date?) {
        for row in root.listRows(of: "policy states") {
            guard let state = decode(row) else { continue }
            if let visibleAt, state.timestamp > visibleAt {
                let node = row["timestamp"].isAbsent ? row["properties"]["timestamp"] : row["timestamp"]
                node.report(
                    "evaluated at \(ISO8601.format(state.timestamp)), after the states were visible "
                        + "(\(ISO8601.format(visibleAt)))")
                continue
            }
            // One state per (resource, assignment, definition reference).
            let key = [
                state.resourceId.rawValue, state.policyAssignmentId.rawValue, state.policyDefinitionId.rawValue,
                state.policyDefinitionReferenceId ?? "",
            ].joined(separator: "\n")
            states.add(state, key: key, row: row, noun: "state of the same resource, assignment and definition")
        }
    }
}
