import JSONCore

/// A `like` pattern: `*` matches any run of characters, everything else matches itself
/// ignoring case. Azure allows one `*`; more are accepted and matched the same way.
struct WildcardPattern: Sendable {
    /// The literal parts between the stars, lower-cased.
    let parts: [[UInt8]]
    let text: String

    init(_ pattern: String) {
        text = pattern
        parts = pattern.lowercased().split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
    }

    /// Whether `value` matches, ignoring case.
    func matches(_ value: String) -> Bool {
        var subject = Array(value.utf8)
        if subject.contains(where: { $0 >= 0x80 }) {
            subject = Array(value.lowercased().utf8)
        } else {
            for i in subject.indices where subject[i] >= 0x41 && subject[i] <= 0x5A { subject[i] |= 0x20 }
        }
        if parts.count == 1 { return subject == parts[0] }
        let first = parts[0]
        let last = parts[parts.count - 1]
        guard subject.count >= first.count + last.count, subject.starts(with: first),
            subject[(subject.count - last.count)...].elementsEqual(last)
        else { return false }
        var position = first.count
        let end = subject.count - last.count
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = Self.find(part, in: subject, from: position, to: end) else { return false }
            position = found + part.count
        }
        return true
    }

    /// The first occurrence of `needle` in `haystack[from..<to]`, in linear time.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, to: Int) -> Int? {
        TextSearch(needle).firstIndex(in: haystack, from: from, to: to)
    }
}

struct MatchPattern: Sendable {
    let scalars: [Unicode.Scalar]
    let text: String

    init(_ pattern: String) {
        text = pattern
        scalars = Array(pattern.unicodeScalars)
    }

    func matches(_ value: String, ignoringCase: Bool) -> Bool {
        var i = 0
        for c in value.unicodeScalars {
            guard i < scalars.count else { return false }
            let p = scalars[i]
            i += 1
            switch p {
            case "#": if !c.properties.numericType.map({ $0 == .decimal }).isTrue { return false }
            case "?": if !c.properties.isAlphabetic { return false }
            case ".": continue
            default:
                if p == c { continue }
                if ignoringCase, String(p).lowercased() == String(c).lowercased() { continue }
                return false
            }
        }
        return i == scalars.count
    }
}

extension Optional<Bool> {
    fileprivate var isTrue: Bool { self == true }
}
