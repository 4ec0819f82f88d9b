/// A JSON value held as its compact text (`JSONWriter(pretty: false)`) and its digest
/// (`JSONDigest.of`), parsed again whenever it is read.
///
/// A parsed Azure object takes about two and a half times the bytes of its compact text; a tenant of a
/// million resources keeps them this way and parses one while it is evaluated.
public struct CompactJSON: Sendable, Hashable {
    /// The compact text: the bytes history stores for the value.
    public let bytes: [UInt8]
    /// The digest of the value as parsed (`JSONDigest.of`).
    public let digest: Int64

    /// The compact form of `value`; nil when its text would not read back as the same value (a
    /// number the writer cannot print exactly: `-0` prints as `0`).
    public init?(_ value: JSONValue) {
        guard Self.readsBack(value) else { return nil }
        var text: [UInt8] = []
        JSONWriter(pretty: false).write(value, into: &text)
        // The writer's buffer grows by doubling; a tenant keeps a million of these, so each keeps
        // exactly its bytes.
        bytes = [UInt8](unsafeUninitializedCapacity: text.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: text)
        }
        digest = JSONDigest.of(value)
    }

    /// The value, parsed from its text. The text is the writer's output of a value the parser made, so
    /// it parses; should it not, the value is `null`.
    public var value: JSONValue {
        (try? JSONParser.parse(bytes)) ?? .null
    }

    /// Whether every number of `value` prints as text that parses to the same bits.
    private static func readsBack(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool, .string: return true
        case .number(let n): return n.isFinite && !(n == 0 && n.sign == .minus)
        case .array(let elements): return elements.allSatisfy(readsBack)
        case .object(let object): return object.members.allSatisfy { readsBack($0.value) }
        }
    }
}
