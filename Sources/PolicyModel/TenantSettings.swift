public import JSONCore

/// How a Mitigated exemption weighs in the secure score. Microsoft's page has said both over time
/// ("Exempt resources from recommendations",
/// https://learn.microsoft.com/azure/defender-for-cloud/exempt-resource):
public enum MitigatedExemptions: String, Sendable, Equatable, CaseIterable, CaseInsensitiveName {
    /// Since 2026-04: Mitigated resources "count as healthy. Secure score increases." The default.
    case healthy
    /// 2021-11 to 2026-01: a Mitigated exemption gives no points and only removes the unhealthy
    /// resource from the count, like a Waiver.
    case excluded
}

/// Choices a tenant makes where Microsoft's documentation leaves two readings, from the tenant's
/// optional `settings.json`:
///
///     {"mitigatedExemptions": "healthy" | "excluded"}
public struct TenantSettings: Sendable, Equatable {
    /// How Mitigated exemptions count in the secure score.
    public var mitigatedExemptions: MitigatedExemptions

    public init(mitigatedExemptions: MitigatedExemptions = .healthy) {
        self.mitigatedExemptions = mitigatedExemptions
    }

    /// The settings as `settings.json` writes them.
    public var json: JSONValue {
        ["mitigatedExemptions": .string(mitigatedExemptions.rawValue)]
    }

    static func decode(_ node: JSONNode) -> TenantSettings {
        var settings = TenantSettings()
        guard node.object() != nil else { return settings }
        for (key, value) in node.members() {
            switch key {
            case "mitigatedExemptions":
                guard let text = value.string() else { continue }
                guard let choice = MitigatedExemptions(name: text) else {
                    value.report("mitigatedExemptions must be 'healthy' or 'excluded', found '\(text.prefix(64))'")
                    continue
                }
                settings.mitigatedExemptions = choice
            default:
                value.report("unknown setting '\(key.prefix(64))'; settings.json takes mitigatedExemptions")
            }
        }
        return settings
    }
}
