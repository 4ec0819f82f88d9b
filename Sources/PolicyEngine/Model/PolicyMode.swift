import JSONCore

/// The definition's `mode`: which resources the policy looks at.
public enum PolicyMode: Sendable, Hashable {
    /// Every resource, resource group and subscription.
    case all
    /// Only resources whose type supports tags and location (the default when `mode` is absent).
    case indexed

    /// The mode named `text` (`All`, `Indexed`, any case; nil or empty = Indexed), or nil for
    /// resource-provider modes such as `Microsoft.KeyVault.Data`, which this engine does not evaluate.
    public init?(name text: String?) {
        guard let text, !text.isEmpty else {
            self = .indexed
            return
        }
        if text.equalsIgnoringASCIICase("all") {
            self = .all
        } else if text.equalsIgnoringASCIICase("indexed") {
            self = .indexed
        } else {
            return nil
        }
    }
}
