import JSONCore

/// Defender's metadata for a baseline: one built-in recommendation per initiative member
/// whose policy is not disabled by default, plus Defender's own MFA recommendations, and
/// the fifteen secure score controls over them.
struct RecommendationSynthesizer {
    let baseline: PolicyBaseline

    struct Output {
        var recommendations: [JSONValue] = []
        var controls: [JSONValue] = []
        /// Reference ids of members with a recommendation, by assessment key.
        var keys: [String] = []
    }

    func synthesize() -> Output {
        var out = Output()
        var seen: Set<String> = []
        var byControl = Array(repeating: [String](), count: ControlCatalog.controls.count)
        for member in baseline.members {
            guard baseline.defaultEffect(of: member.reference, definition: member.definition) != "disabled" else {
                continue
            }
            let properties = member.definition["properties"]
            let definitionId = member.definition["id"]?.stringValue ?? ""
            var key =
                Self.assessmentKey(of: member.definition) ?? StableID.guid("assessment/" + definitionId.lowercased())
            if !seen.insert(key).inserted {
                key = StableID.guid("assessment/\(definitionId.lowercased())/\(member.referenceId)")
                seen.insert(key)
            }
            let displayName = properties?["displayName"]?.stringValue ?? member.referenceId
            let metadata = properties?["metadata"]
            let severity =
                metadata?["securityCenter"]?["Severity"]?.stringValue
                ?? ["Low", "Medium", "Medium", "High"][Int(StableID.hash(key) % 4)]
            let category = Self.category(metadata?["category"]?.stringValue ?? "", displayName: displayName)
            out.recommendations.append(
                Self.metadata(
                    key: key, displayName: displayName, policyDefinitionId: definitionId, severity: severity,
                    category: category,
                    description: properties?["description"]?.stringValue ?? displayName,
                    preview: displayName.hasPrefix("[Preview]")))
            out.keys.append(key)
            byControl[ControlCatalog.control(for: displayName)].append(key)
        }
        for native in NativeAssessment.all
        where NativeAssessment.withoutPolicy.contains(native.key) && !seen.contains(native.key) {
            seen.insert(native.key)
            out.recommendations.append(
                Self.metadata(
                    key: native.key, displayName: native.displayName, policyDefinitionId: nil,
                    severity: native.severity,
                    category: native.category, description: native.displayName, preview: false))
            out.keys.append(native.key)
            byControl[ControlCatalog.control(for: native.displayName)].append(native.key)
        }
        for (i, control) in ControlCatalog.controls.enumerated() {
            out.controls.append(
                .object([
                    ("id", .string("/providers/Microsoft.Security/secureScoreControlDefinitions/\(control.name)")),
                    ("name", .string(control.name)),
                    ("type", "Microsoft.Security/secureScoreControlDefinitions"),
                    (
                        "properties",
                        .object([
                            ("displayName", .string(control.displayName)), ("description", ""),
                            ("maxScore", .number(Double(control.maxScore))),
                            ("source", .object([("sourceType", "BuiltIn")])),
                            (
                                "assessmentDefinitions",
                                .array(
                                    byControl[i].map {
                                        .object([
                                            ("id", .string("/providers/Microsoft.Security/assessmentMetadata/\($0)"))
                                        ])
                                    })
                            ),
                        ])
                    ),
                ]))
        }
        return out
    }

    /// The assessment a Defender-fed policy looks for (`then.details.name` over `Microsoft.Security/assessments`).
    static func assessmentKey(of definition: JSONValue) -> String? {
        guard let details = definition["properties"]?["policyRule"]?["then"]?["details"],
            details["type"]?.stringValue?.lowercased() == "microsoft.security/assessments",
            let name = details["name"]?.stringValue, name.count == 36
        else { return nil }
        return name.lowercased()
    }

    /// Defender's category (Compute, Networking, Data, IdentityAndAccess, IoT) from the policy category.
    static func category(_ policyCategory: String, displayName: String) -> String {
        let c = policyCategory.lowercased()
        let d = displayName.lowercased()
        if d.contains("owner") || d.contains("account") || d.contains("mfa") { return "IdentityAndAccess" }
        if c.contains("network") || d.contains("network") || d.contains("port") || d.contains("firewall") {
            return "Networking"
        }
        if ["storage", "sql", "key vault", "cosmos", "cache", "data", "postgres", "mysql", "mariadb", "synapse"]
            .contains(where: c.contains)
        {
            return "Data"
        }
        if c.contains("iot") { return "IoT" }
        return "Compute"
    }

    static func metadata(
        key: String, displayName: String, policyDefinitionId: String?, severity: String, category: String,
        description: String, preview: Bool
    ) -> JSONValue {
        .object([
            ("id", .string("/providers/Microsoft.Security/assessmentMetadata/\(key)")),
            ("name", .string(key)),
            ("type", "Microsoft.Security/assessmentMetadata"),
            (
                "properties",
                .object([
                    ("displayName", .string(displayName)),
                    ("policyDefinitionId", policyDefinitionId.map { .string($0) }),
                    ("description", .string(description)),
                    (
                        "remediationDescription",
                        .string("Follow the steps in the policy's remediation guidance: \(displayName).")
                    ),
                    ("categories", .strings([category])),
                    ("severity", .string(severity)),
                    ("userImpact", "Low"), ("implementationEffort", "Low"),
                    ("threats", []),
                    ("preview", preview ? .bool(true) : nil),
                    ("assessmentType", "BuiltIn"),
                ])
            ),
        ])
    }
}
