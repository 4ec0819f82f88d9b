import Foundation
import JSONCore

/// `ipRangeContains(range, targetRange)`: whether one IP range holds another, IPv4 or IPv6.
///
/// "Azure Policy definition structure policy rule" (Policy functions) lists the formats: a single
/// address (`10.0.0.0`, `2001:0DB8::3:FFFE`), a CIDR range of any prefix length (`10.0.0.0/24`,
/// `2001:0DB8::/110`) and a start-end range (`192.168.0.1-192.168.0.9`,
/// `2001:0DB8::-2001:0DB8::3:FFFF`); "Empty ranges, or mixing between IP families isn't allowed
/// and results in evaluation failure".
struct IPRange: Equatable {
    /// 4 for IPv4, 6 for IPv6.
    let family: Int
    let first: UInt128
    let last: UInt128

    static func contains(_ range: String, _ target: String) throws(EvaluationError) -> Bool {
        let outer = try parse(range)
        let inner = try parse(target)
        guard outer.family == inner.family else {
            throw EvaluationError(
                "ipRangeContains(): '\(range)' is IPv\(outer.family) and '\(target)' is IPv\(inner.family); "
                    + "mixing IP families is not allowed")
        }
        return outer.first <= inner.first && inner.last <= outer.last
    }

    /// The range a text names, or an error saying why it names none.
    static func parse(_ text: String) throws(EvaluationError) -> IPRange {
        func invalid(_ why: String) -> EvaluationError {
            EvaluationError("ipRangeContains(): '\(Functions.brief(.string(text)))' \(why)")
        }
        guard !text.isEmpty else { throw invalid("is empty; an empty range is not allowed") }
        if let dash = text.firstIndex(of: "-") {
            guard let start = address(text[..<dash]), let end = address(text[text.index(after: dash)...]) else {
                throw invalid("is not a range of two IP addresses (start-end)")
            }
            guard start.family == end.family else { throw invalid("mixes IP families; that is not allowed") }
            guard start.value <= end.value else { throw invalid("is an empty range: its start is after its end") }
            return IPRange(family: start.family, first: start.value, last: end.value)
        }
        if let slash = text.firstIndex(of: "/") {
            let prefixText = text[text.index(after: slash)...]
            guard let base = address(text[..<slash]) else {
                throw invalid("is not a CIDR range: the address is not valid")
            }
            let bits = base.family == 4 ? 32 : 128
            guard (1...3).contains(prefixText.utf8.count), prefixText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let prefix = Int(prefixText), prefix <= bits
            else { throw invalid("is not a CIDR range: the prefix length must be 0 to \(bits)") }
            // The host bits below the prefix, within the family's width.
            let hostBits = bits - prefix
            let width: UInt128 = bits == 128 ? .max : (UInt128(1) << 32) - 1
            let host: UInt128 = hostBits == 128 ? .max : ((UInt128(1) << hostBits) - 1)
            let network = base.value & (width & ~host)
            return IPRange(family: base.family, first: network, last: network | host)
        }
        guard let single = address(text[...]) else {
            throw invalid("is not an IP address, a CIDR range or a start-end range")
        }
        return IPRange(family: single.family, first: single.value, last: single.value)
    }

    /// An IPv4 or IPv6 address as a number, or nil.
    static func address(_ text: Substring) -> (family: Int, value: UInt128)? {
        if text.contains(":") { return ipv6(text).map { (6, $0) } }
        return ipv4(text).map { (4, UInt128($0)) }
    }

    private static func ipv4(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard (1...3).contains(octet.utf8.count), octet.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let byte = UInt8(octet)
            else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    private static func ipv6(_ text: Substring) -> UInt128? {
        var body = text
        var tail: [UInt16] = []
        // A trailing dotted IPv4 part (::ffff:10.0.0.1) is the last two groups.
        if let lastColon = body.lastIndex(of: ":"), body[body.index(after: lastColon)...].contains(".") {
            guard let v4 = ipv4(body[body.index(after: lastColon)...]) else { return nil }
            tail = [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
            body = body[...lastColon]
            if !body.hasSuffix("::") { body = body.dropLast() }
        }
        func groups(_ s: Substring) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(g.utf8.count), g.allSatisfy(\.isHexDigit), let v = UInt16(g, radix: 16) else {
                    return nil
                }
                out.append(v)
            }
            return out
        }
        var all: [UInt16]
        if let gap = body.range(of: "::") {
            guard body[gap.upperBound...].range(of: "::") == nil, let head = groups(body[..<gap.lowerBound]),
                let rest = groups(body[gap.upperBound...]), head.count + rest.count + tail.count < 8
            else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - rest.count - tail.count) + rest + tail
        } else {
            guard let explicit = groups(body) else { return nil }
            all = explicit + tail
        }
        guard all.count == 8 else { return nil }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}
