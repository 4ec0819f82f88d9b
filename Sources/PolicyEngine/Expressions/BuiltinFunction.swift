/// The ARM template and Azure Policy functions the engine implements, by lower-cased name.
///
/// `parameters`, `field` and `current` are resolved by the compiler and never appear here.
enum BuiltinFunction: String, Sendable, CaseIterable {
    // Strings
    case concat, tolower, toupper, split, replace, substring, startswith, endswith, indexof, lastindexof
    case trim, padleft, string, base64, base64tostring, base64tojson, format, uniquestring, guid, uri
    // Collections
    case empty, first, last, length, contains, union, intersection, createarray, createobject, array
    case take, skip, range, tryget, json, coalesce, items
    // Logic and comparison
    case `if`, equals, not, and, or, bool, `true`, `false`, null
    case greater, greaterorequals, less, lessorequals
    // Numbers
    case int, float, add, sub, mul, div, mod, min, max
    // Environment
    case subscription, resourcegroup, requestcontext, utcnow, policy
    // Dates and networks
    case adddays, datetimeadd, iprangecontains

    /// The function named `name`, ignoring case.
    static func named(_ name: String) -> BuiltinFunction? { BuiltinFunction(rawValue: name.lowercased()) }

    /// Functions Azure Policy documents as unavailable in policy rules; a clear compile error.
    static let forbiddenInPolicy: Set<String> = [
        "copyindex", "datetimeadd", "datetimefromepoch", "datetimetoepoch", "deployment", "environment",
        "extensionresourceid",
        "lambda", "listaccountsas", "listkeys", "listsecrets", "managementgroup", "newguid", "pickzones",
        "providers", "reference", "resourceid", "subscriptionresourceid", "tenantresourceid", "tenant", "variables",
    ]

    /// Whether the result depends only on the arguments (so constant calls fold at compile time).
    var isPure: Bool {
        switch self {
        case .subscription, .resourcegroup, .requestcontext, .utcnow, .policy: false
        default: true
        }
    }

    /// The accepted argument counts.
    var arity: ClosedRange<Int> {
        switch self {
        case .concat, .union, .intersection, .createarray, .createobject, .coalesce, .min, .max, .and, .or: 0...Int.max
        case .format, .uniquestring, .guid: 1...Int.max
        case .tolower, .toupper, .trim, .string, .base64, .base64tostring, .base64tojson, .empty, .first, .last,
            .length, .array, .json, .not, .bool, .int, .float, .items:
            1...1
        case .split, .startswith, .endswith, .indexof, .lastindexof, .contains, .take, .skip, .range, .equals,
            .greater, .greaterorequals, .less, .lessorequals, .add, .sub, .mul, .div, .mod, .iprangecontains, .uri:
            2...2
        case .replace, .if: 3...3
        case .substring: 2...3
        case .padleft: 2...3
        case .tryget: 2...Int.max
        case .adddays, .datetimeadd: 2...3
        case .utcnow: 0...1
        case .true, .false, .null, .subscription, .resourcegroup, .requestcontext, .policy: 0...0
        }
    }
}
