/// One invocation of the Azure CLI: its arguments (without the executable) and how it is named in errors.
package struct AzureCall: Sendable, Equatable, CustomStringConvertible {
    package var arguments: [String]

    package init(_ arguments: [String]) {
        self.arguments = arguments
    }

    /// The command line as a user would type it, quoted where needed, for error messages.
    package var description: String {
        (["az"] + arguments).map { $0.contains(where: { " |'\"&$".contains($0) }) ? "\"\($0)\"" : $0 }
            .joined(separator: " ")
    }
}

/// The scope an export reads: one management group (and everything below it) or a list of subscriptions.
package enum ExportScope: Sendable, Equatable {
    case managementGroup(String)
    case subscriptions([String])

    /// `--management-groups MG` or `--subscriptions S1 S2 …` for `az graph query`.
    var graphArguments: [String] {
        switch self {
        case .managementGroup(let group): ["--management-groups", group]
        case .subscriptions(let ids): ["--subscriptions"] + ids
        }
    }

    /// The scopes to list policy objects at: the management group, or each subscription.
    var policyScopes: [String] {
        switch self {
        case .managementGroup(let group): ["/providers/Microsoft.Management/managementGroups/\(group)"]
        case .subscriptions(let ids): ids.map { "/subscriptions/\($0)" }
        }
    }
}

extension AzureCall {
    /// `az graph query -q QUERY <scope> --first N [--skip-token T] -o json`.
    static func graphQuery(_ query: String, scope: ExportScope, first: Int, skipToken: String?) -> AzureCall {
        var arguments = ["graph", "query", "-q", query] + scope.graphArguments + ["--first", String(first)]
        if let skipToken { arguments += ["--skip-token", skipToken] }
        return AzureCall(arguments + ["-o", "json"])
    }

    /// `az policy definition list` or `az policy set-definition list` at a management group or subscription.
    static func definitions(_ noun: String, scope: ExportScope, at index: Int) -> AzureCall {
        switch scope {
        case .managementGroup(let group):
            AzureCall(["policy", noun, "list", "--management-group", group, "-o", "json"])
        case .subscriptions(let ids):
            AzureCall(["policy", noun, "list", "--subscription", ids[index], "-o", "json"])
        }
    }

    /// `az policy assignment|exemption list --scope S --disable-scope-strict-match -o json`.
    static func scoped(_ noun: String, scope: String) -> AzureCall {
        AzureCall(["policy", noun, "list", "--scope", scope, "--disable-scope-strict-match", "-o", "json"])
    }

    /// `az provider list --expand resourceTypes/aliases -o json`.
    static let providerAliases = AzureCall(["provider", "list", "--expand", "resourceTypes/aliases", "-o", "json"])

    /// `az rest --method get --url URL -o json`.
    static func rest(_ url: String) -> AzureCall {
        AzureCall(["rest", "--method", "get", "--url", url, "-o", "json"])
    }
}
