/// The comparison a condition makes (`equals`, `like`, `in`, `exists`, ...).
enum ConditionOperator: String, Sendable, CaseIterable {
    case equals, notEquals, like, notLike, match, notMatch, matchInsensitively, notMatchInsensitively
    case contains, notContains, `in`, notIn, containsKey, notContainsKey
    case less, lessOrEquals, greater, greaterOrEquals, exists

    /// The operator whose key is `key`, ignoring case (`"Equals"`, `"notin"` appear in built-ins).
    static func named(_ key: String) -> ConditionOperator? {
        byLowercasedName[key.lowercased()]
    }

    private static let byLowercasedName: [String: ConditionOperator] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue.lowercased(), $0) })

    /// Whether the operator is the negation of another (`notEquals` of `equals`), and which.
    var positive: (ConditionOperator, negated: Bool) {
        switch self {
        case .notEquals: (.equals, true)
        case .notLike: (.like, true)
        case .notMatch: (.match, true)
        case .notMatchInsensitively: (.matchInsensitively, true)
        case .notContains: (.contains, true)
        case .notIn: (.in, true)
        case .notContainsKey: (.containsKey, true)
        default: (self, false)
        }
    }
}
