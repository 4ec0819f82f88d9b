/// The strings a parser has made lately, by their bytes: a large document repeats its member names and
/// many of its values (`provisioningState`, `Succeeded`, a location) once per row, and a repeated string
/// then shares one buffer instead of allocating its own. Only strings too long to be stored inline
/// (over 15 UTF-8 bytes) and short enough to repeat are kept.
///
/// Direct-mapped: each string has one slot, chosen by a hash of its bytes; a new string takes the slot
/// over. The string returned is always the one the bytes decode to.
struct StringTable {
    /// Longer strings are ids and names, which rarely repeat.
    static let maximumBytes = 64
    private static let slotCount = 4096
    private var slots: [String?] = []

    /// The string `bytes` decode to (UTF-8, invalid sequences repaired), shared when it was made before.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15, bytes.count <= Self.maximumBytes else { return String(decoding: bytes, as: UTF8.self) }
        if slots.isEmpty { slots = Array(repeating: nil, count: Self.slotCount) }
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let slot = Int(hash % UInt32(Self.slotCount))
        if var known = slots[slot] {
            let same = known.withUTF8 { $0.elementsEqual(bytes) }
            if same { return known }
        }
        let made = String(decoding: bytes, as: UTF8.self)
        slots[slot] = made
        return made
    }
}
