import PolicyModel

/// Deterministic identifiers: GUIDs and short name suffixes derived from text, so the
/// same input names the same object in every run and on every machine.
package enum StableID {
    /// A 64-bit FNV-1a hash of the UTF-8 bytes, then SplitMix-mixed.
    package static func hash(_ text: String, seed: UInt64 = 0) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return SplitMix64.mix(h)
    }

    /// A lower-case GUID (version-4 layout) derived from `text` and `seed`.
    package static func guid(_ text: String, seed: UInt64 = 0) -> String {
        let a = hash(text, seed: seed)
        let b = SplitMix64.mix(a ^ 0x5851_F42D_4C95_7F2D)
        return guid(a, b)
    }

    /// A lower-case GUID (version-4 layout) from two 64-bit values.
    package static func guid(_ a: UInt64, _ b: UInt64) -> String {
        let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let h = hex(hi, 16)
        let l = hex(lo, 16)
        let hc = Array(h)
        let lc = Array(l)
        return String(hc[0..<8]) + "-" + String(hc[8..<12]) + "-" + String(hc[12..<16]) + "-" + String(lc[0..<4]) + "-"
            + String(lc[4..<16])
    }

    /// `value` in lower-case hexadecimal, zero-padded to `width` digits.
    package static func hex(_ value: UInt64, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// A short lower-case alphanumeric suffix, as Azure resource names often carry (`st4kq9x2`).
    package static func suffix(_ value: UInt64, length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var v = value
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for _ in 0..<length {
            out.append(alphabet[Int(v % 36)])
            v /= 36
        }
        return String(decoding: out, as: UTF8.self)
    }
}
