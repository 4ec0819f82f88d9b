/// The members of a JSON object, in document order.
///
/// Lookup by key tries an exact match, then a case-insensitive one, because
/// Azure treats property names case-insensitively (`properties.httpsOnly`
/// matches `Properties.HttpsOnly`). Objects in Azure documents are small, so a
/// linear scan beats hashing.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// One `"key": value` pair.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in document order; keys may repeat only if the input repeated them.
    public var members: [Member]

    public init(_ members: [Member] = []) {
        self.members = members
    }

    /// The number of members.
    @inlinable public var count: Int { members.count }

    /// Whether the object has no members.
    @inlinable public var isEmpty: Bool { members.isEmpty }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }

    /// The value of `key`: exact match first, then ignoring ASCII case.
    /// Assigning `nil` removes the member; assigning a value replaces or appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            if let i = index(of: key) { return members[i].value }
            return nil
        }
        set {
            if let i = index(of: key) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// The position of `key`: exact match first, then ignoring ASCII case.
    public func index(of key: String) -> Int? {
        for i in members.indices where members[i].key == key { return i }
        for i in members.indices where members[i].key.equalsIgnoringASCIICase(key) { return i }
        return nil
    }
}

extension String {
    /// Compares two strings ignoring ASCII case, as Azure compares names and ids.
    /// Non-ASCII characters are compared after Unicode lower-casing.
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        var a = self.utf8.makeIterator()
        var b = other.utf8.makeIterator()
        var sawNonASCII = false
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil):
                return true
            case (let x?, let y?):
                if x == y { continue }
                if x >= 0x80 || y >= 0x80 {
                    sawNonASCII = true
                    break
                }
                if Self.asciiLower(x) != Self.asciiLower(y) { return false }
                continue
            default:
                return false
            }
            if sawNonASCII { break }
        }
        return self.lowercased() == other.lowercased()
    }

    @inline(__always) static func asciiLower(_ c: UInt8) -> UInt8 {
        (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { Member(key: $0.0, value: $0.1) })
    }
}
