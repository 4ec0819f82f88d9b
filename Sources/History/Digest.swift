/// FNV-1a, 64 bits: fast, stable across runs and machines; used to notice changed objects.
struct Digest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    }

    mutating func add(_ text: String) { add(text.utf8) }

    mutating func add(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { add($0) }
    }

    var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    static func fnv1a(_ bytes: [UInt8]) -> Int64 {
        var d = Digest()
        d.add(bytes)
        return Int64(bitPattern: d.value)
    }
}
