/// FNV-1a, 64 bits: fast, stable across runs and machines; used to notice changed objects.
public struct JSONDigest: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Continues a digest whose value so far is `value`.
    public init(value: UInt64) {
        self.value = value
    }

    /// Adds bytes.
    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    }

    /// Adds a string's UTF-8 bytes.
    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }

    /// Adds a number's eight little-endian bytes.
    public mutating func add(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { add($0) }
    }

    /// Adds a JSON value as it is, without encoding it: a tag per value, lengths before strings,
    /// arrays and objects, numbers by their bits. Two values add the same bytes only if they are equal
    /// member for member, in order.
    public mutating func add(_ json: JSONValue) {
        switch json {
        case .null: add(0 as Int64)
        case .bool(let b): add(b ? 1 : 2 as Int64)
        case .number(let n):
            add(3 as Int64)
            add(Int64(bitPattern: n.bitPattern))
        case .string(let s):
            add(4 as Int64)
            addCounted(s)
        case .array(let elements):
            add(5 as Int64)
            add(Int64(elements.count))
            for element in elements { add(element) }
        case .object(let object):
            add(6 as Int64)
            add(Int64(object.count))
            for member in object {
                addCounted(member.key)
                add(member.value)
            }
        }
    }

    private mutating func addCounted(_ text: String) {
        add(Int64(text.utf8.count))
        add(text)
    }

    /// The value as 16 hexadecimal digits.
    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// The digest of bytes.
    public static func fnv1a(_ bytes: [UInt8]) -> Int64 {
        var d = JSONDigest()
        d.add(bytes)
        return Int64(bitPattern: d.value)
    }

    /// The digest of a JSON value (`add(_:)` on a fresh digest).
    public static func of(_ json: JSONValue) -> Int64 {
        var d = JSONDigest()
        d.add(json)
        return Int64(bitPattern: d.value)
    }
}
