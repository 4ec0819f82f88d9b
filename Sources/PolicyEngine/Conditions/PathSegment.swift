import Foundation
import JSONCore

/// One step of a property path inside a resource: a key, every element of an array (`[*]`),
/// or one element (`[0]`).
enum PathSegment: Sendable, Hashable {
    case key(String)
    case wildcard
    case index(Int)

    /// Splits a default path such as `properties.securityRules[*].properties.access` or
    /// `tags['cost.center']` into segments.
    static func parse(_ path: String) -> [PathSegment] {
        var segments: [PathSegment] = []
        var current = ""
        var chars = Array(path)
        chars.reserveCapacity(0)
        var i = 0
        func flush() {
            if !current.isEmpty { segments.append(.key(current)) }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "." {
                flush()
                i += 1
            } else if c == "[" {
                flush()
                guard let close = chars[i...].firstIndex(of: "]") else {
                    current.append(contentsOf: String(chars[i...]))
                    break
                }
                let inside = String(chars[(i + 1)..<close])
                if inside == "*" {
                    segments.append(.wildcard)
                } else if let n = Int(inside) {
                    segments.append(.index(n))
                } else {
                    segments.append(.key(inside.trimmingQuotes()))
                }
                i = close + 1
            } else {
                current.append(c)
                i += 1
            }
        }
        flush()
        chars = []
        return segments
    }

    /// The path written back as text (`properties.rules[*].name`).
    static func text(_ segments: some Collection<PathSegment>) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .key(let k): out += out.isEmpty ? k : "." + k
            case .wildcard: out += "[*]"
            case .index(let n): out += "[\(n)]"
            }
        }
        return out
    }

    /// Whether two segments name the same step, ignoring key case.
    func sameStep(as other: PathSegment) -> Bool {
        switch (self, other) {
        case (.key(let a), .key(let b)): a.equalsIgnoringASCIICase(b)
        case (.wildcard, .wildcard): true
        case (.index(let a), .index(let b)): a == b
        default: false
        }
    }
}

extension String {
    /// The string without one pair of surrounding single quotes; `'''x'''` becomes `'x'`.
    func trimmingQuotes() -> String {
        guard utf8.count >= 2, hasPrefix("'"), hasSuffix("'") else { return self }
        let inner = dropFirst().dropLast()
        return String(inner).replacingOccurrences(of: "''", with: "'")
    }
}
