import JSONCore

/// An enum named by its raw string and looked up the way Azure compares names: ignoring case
/// (`"auditIfNotExists"`, `"WAIVER"`, `"noncompliant"`).
public protocol CaseInsensitiveName: CaseIterable, RawRepresentable where RawValue == String {}

extension CaseInsensitiveName {
    /// The case whose raw value is `text`, ignoring case; nil when none is.
    public init?(name text: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.equalsIgnoringASCIICase(text) }) else { return nil }
        self = match
    }
}
