/// Recommendations Defender evaluates by itself (data not on the control plane), with the
/// resource types they assess. Keys are Defender's real assessment keys: the `name` that
/// MCSB's AuditIfNotExists policies over `Microsoft.Security/assessments` look for.
struct NativeAssessment: Sendable {
    var key: String
    var displayName: String
    var severity: String
    var category: String
    /// Lower-cased resource types assessed; `microsoft.resources/subscriptions` for subscriptions.
    var types: Set<String>
    /// The share of assessed resources that are healthy in a perfectly kept subscription.
    var healthyShare: Double

    static let all: [NativeAssessment] = [
        NativeAssessment(
            key: "e1145ab1-eb4f-43d8-911b-36ddf771d13f",
            displayName: "System updates should be installed on your machines (powered by Azure Update Manager)",
            severity: "Medium", category: "Compute", types: ["microsoft.compute/virtualmachines"], healthyShare: 0.8),
        NativeAssessment(
            key: "ffff0522-1e88-47fc-8382-2a80ba848f5d",
            displayName: "A vulnerability assessment solution should be enabled on your virtual machines",
            severity: "Medium", category: "Compute", types: ["microsoft.compute/virtualmachines"], healthyShare: 0.9),
        NativeAssessment(
            key: "bc303248-3d14-44c2-96a0-55f5c326b5fe",
            displayName: "Management ports should be closed on your virtual machines", severity: "Medium",
            category: "Networking", types: ["microsoft.compute/virtualmachines"], healthyShare: 0.92),
        NativeAssessment(
            key: "82e20e14-edc5-4373-bfc4-f13121257c37",
            displayName: "SQL databases should have vulnerability findings resolved", severity: "High",
            category: "Data",
            types: ["microsoft.sql/servers"], healthyShare: 0.75),
        NativeAssessment(
            key: "c0b7cfc6-3172-465a-b378-53c7ff2cc0d5",
            displayName:
                "Azure registry container images should have vulnerabilities resolved (powered by Microsoft Defender Vulnerability Management)",
            severity: "High", category: "Compute", types: ["microsoft.containerregistry/registries"], healthyShare: 0.6),
        NativeAssessment(
            key: "c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5",
            displayName:
                "Azure running container images should have vulnerabilities resolved (powered by Microsoft Defender Vulnerability Management)",
            severity: "High", category: "Compute", types: ["microsoft.containerservice/managedclusters"],
            healthyShare: 0.55),
        NativeAssessment(
            key: "6240402e-f77c-46fa-9060-a7ce53997754",
            displayName: "Accounts with owner permissions on Azure resources should be MFA enabled", severity: "High",
            category: "IdentityAndAccess", types: ["microsoft.resources/subscriptions"], healthyShare: 0.9),
        NativeAssessment(
            key: "c0cb17b2-0607-48a7-b0e0-903ed22de39b",
            displayName: "Accounts with write permissions on Azure resources should be MFA enabled", severity: "High",
            category: "IdentityAndAccess", types: ["microsoft.resources/subscriptions"], healthyShare: 0.8),
        NativeAssessment(
            key: "dabc9bc4-b8a8-45bd-9a5a-43000df8aa1c",
            displayName: "Accounts with read permissions on Azure resources should be MFA enabled", severity: "Medium",
            category: "IdentityAndAccess", types: ["microsoft.resources/subscriptions"], healthyShare: 0.7),
    ]

    /// The assessment keys no MCSB policy feeds any more (MFA): they always get a recommendation of their own.
    static let withoutPolicy: Set<String> = [
        "6240402e-f77c-46fa-9060-a7ce53997754", "c0cb17b2-0607-48a7-b0e0-903ed22de39b",
        "dabc9bc4-b8a8-45bd-9a5a-43000df8aa1c",
    ]
}
