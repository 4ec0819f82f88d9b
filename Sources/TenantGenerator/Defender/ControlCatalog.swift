/// Defender's fifteen secure score controls with their maximum points. Names are the
/// controls' real GUIDs where Microsoft's published examples show them, otherwise stable
/// GUIDs derived from the display name.
struct ControlCatalog: Sendable {
    struct Control: Sendable {
        var name: String
        var displayName: String
        var maxScore: Int
        /// Lower-cased words in a recommendation's display name that place it in this control, tried in catalog order.
        var keywords: [String]
    }

    static let controls: [Control] = [
        Control(
            name: "34a42fb3-e6db-409c-b56b-7b1db6b8aee0", displayName: "Enable MFA", maxScore: 10, keywords: ["mfa"]),
        Control(
            name: StableID.guid("control/Secure management ports"), displayName: "Secure management ports", maxScore: 8,
            keywords: ["management port", "just-in-time"]),
        Control(
            name: "61702b76-1fab-41f2-bcbc-50b7870dcf38", displayName: "Apply system updates", maxScore: 6,
            keywords: ["system update", "missing system updates", "periodically check"]),
        Control(
            name: StableID.guid("control/Remediate vulnerabilities"), displayName: "Remediate vulnerabilities",
            maxScore: 6,
            keywords: ["vulnerabilit", "secret findings"]),
        Control(
            name: "12136bd9-dc24-44f2-9587-7be3af6aac14", displayName: "Enable endpoint protection", maxScore: 2,
            keywords: ["endpoint protection", "antimalware", "exploit guard"]),
        Control(
            name: StableID.guid("control/Apply adaptive application control"),
            displayName: "Apply adaptive application control", maxScore: 3,
            keywords: ["adaptive application", "allowlist"]),
        Control(
            name: "a9909064-42b4-4d34-8143-275477afe18b", displayName: "Protect applications against DDoS attacks",
            maxScore: 2, keywords: ["ddos"]),
        Control(
            name: "4db8d6cf-075b-4149-a813-da09ca2ae120", displayName: "Enable enhanced security features", maxScore: 0,
            keywords: ["defender for", "azure defender", "defender cspm", "defender profile"]),
        Control(
            name: "0e55495e-034f-4abc-8293-767229250176", displayName: "Encrypt data in transit", maxScore: 4,
            keywords: ["https", "tls", "ssl", "secure transfer", "ftps", "secure communication"]),
        Control(
            name: "8fd574ec-43cf-426e-a439-a67cbaf2d564", displayName: "Enable encryption at rest", maxScore: 4,
            keywords: ["encrypt", "customer-managed key", "transparent data"]),
        Control(
            name: "27b24961-75ba-4fe4-8909-97286d5dd5ee", displayName: "Enable auditing and logging", maxScore: 1,
            keywords: ["log", "auditing", "audit"]),
        Control(
            name: "2d85f639-0bea-4a4a-b6c6-608952a1414a", displayName: "Manage access and permissions", maxScore: 4,
            keywords: [
                "owner", "account", "rbac", "role-based", "managed identity", "permission", "entra", "active directory",
                "local auth", "ssh key", "shared key", "client certificate",
            ]),
        Control(
            name: "f9d5432b-8f7b-45e9-b90c-e214a30f6a02", displayName: "Restrict unauthorized network access",
            maxScore: 4,
            keywords: [
                "network", "private link", "private endpoint", "firewall", "ip range", "ip forwarding", "public access",
                "cors", "subnet", "port",
            ]),
        Control(
            name: "99fc8df2-e0f5-40f8-9415-a7f7ca948b5a", displayName: "Remediate security configurations", maxScore: 4,
            keywords: [
                "configuration", "baseline", "secure boot", "vtpm", "guest attestation", "kubernetes", "container",
                "remote debugging", "soft delete", "deletion protection", "http 2", "latest",
            ]),
        Control(
            name: "76763537-9feb-42d3-b4f4-78c01117be80", displayName: "Implement security best practices", maxScore: 0,
            keywords: []),
    ]

    /// The control a recommendation belongs to, by keyword; "Implement security best practices" otherwise.
    static func control(for displayName: String) -> Int {
        let text = displayName.lowercased()
        for (i, control) in controls.enumerated() where control.keywords.contains(where: { text.contains($0) }) {
            return i
        }
        return controls.count - 1
    }
}
