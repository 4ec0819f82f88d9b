import Foundation

/// `ipRangeContains(range, targetRange)`: whether a CIDR range (or address) holds another, IPv4 or IPv6.
enum IPRange {
    static func contains(_ range: String, _ target: String) throws(EvaluationError) -> Bool {
        guard let outer = parse(range) else { throw EvaluationError("ipRangeContains(): '\(range)' is not an IP address or CIDR range") }
        guard let inner = parse(target) else { throw EvaluationError("ipRangeContains(): '\(target)' is not an IP address or CIDR range") }
        guard outer.bytes.count == inner.bytes.count else {
            throw EvaluationError("ipRangeContains(): '\(range)' and '\(target)' are not the same IP version")
        }
        guard inner.prefix >= outer.prefix else { return false }
        var bits = outer.prefix
        for i in outer.bytes.indices where bits > 0 {
            let mask: UInt8 = bits >= 8 ? 0xFF : UInt8(0xFF << (8 - bits))
            if outer.bytes[i] & mask != inner.bytes[i] & mask { return false }
            bits -= 8
        }
        return true
    }

    static func parse(_ text: String) -> (bytes: [UInt8], prefix: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let address = String(parts[0])
        var bytes: [UInt8]
        if address.contains(":") {
            guard let b = parseIPv6(address) else { return nil }
            bytes = b
        } else {
            let octets = address.split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4 else { return nil }
            bytes = []
            for o in octets {
                guard let v = UInt8(o) else { return nil }
                bytes.append(v)
            }
        }
        let maxPrefix = bytes.count * 8
        guard parts.count == 2 else { return (bytes, maxPrefix) }
        guard let p = Int(parts[1]), (0...maxPrefix).contains(p) else { return nil }
        return (bytes, p)
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}
