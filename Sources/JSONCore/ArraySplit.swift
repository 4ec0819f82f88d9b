/// Where the chunks of a document's large array start, as guessed from its bytes.
struct ArraySplit {
    /// Candidate element starts, one per chunk after the first, increasing.
    let starts: [Int]
    /// The depth of the array they are in: 1 for a top-level array, 2 for an envelope's.
    let depth: Int

    /// Finds the document's first array of objects, reads its first element to learn the bytes
    /// that separate two elements (`},\n    {` in pretty-printed output, which nested arrays,
    /// indented deeper, do not share), and looks for those bytes near an even share of the
    /// document. Nil when there is no such array or no candidate was found.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, chunks: Int) {
        guard chunks > 1, let (depth, _, first) = Self.firstArrayOfObjects(bytes) else { return nil }
        var probe = JSONParser(bytes, maxDepth: JSONParser.defaultMaxDepth)
        probe.position = first
        guard (try? probe.parseValue()) != nil, bytes[probe.position - 1] == UInt8(ascii: "}") else { return nil }
        let separatorStart = probe.position - 1
        probe.skipWhitespace()
        guard probe.position < bytes.count, bytes[probe.position] == UInt8(ascii: ",") else { return nil }
        probe.position += 1
        probe.skipWhitespace()
        guard probe.position < bytes.count, bytes[probe.position] == UInt8(ascii: "{") else { return nil }
        let separator = UnsafeBufferPointer(rebasing: bytes[separatorStart...probe.position])
        var starts: [Int] = []
        for k in 1..<chunks {
            let from = max(bytes.count / chunks * k, (starts.last ?? probe.position) + 1)
            guard let start = Self.find(separator, in: bytes, from: from) else { break }
            starts.append(start + separator.count - 1)
        }
        guard !starts.isEmpty else { return nil }
        self.starts = starts
        self.depth = depth
    }

    /// Where the rows of a `JSONRowSink` start: the first element of the first array of objects, when
    /// that array is the document or the `data` or `value` member of a top-level object.
    static func rowStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let (depth, bracket, first) = firstArrayOfObjects(bytes) else { return nil }
        if depth == 1 { return first }
        guard depth == 2 else { return nil }
        // Back from the `[` over blanks and `:` to the member name, which must be `"data"` or `"value"`
        // and open after a blank, `{` or `,` (a `"` inside a string is escaped, so this is its opening quote).
        var i = bracket - 1
        while i >= 0, isBlank(bytes[i]) { i -= 1 }
        guard i >= 0, bytes[i] == UInt8(ascii: ":") else { return nil }
        i -= 1
        while i >= 0, isBlank(bytes[i]) { i -= 1 }
        for name in ["\"data\"", "\"value\""] {
            let count = name.utf8.count
            let start = i - count + 1
            guard start >= 1 else { continue }
            let matches = name.utf8.enumerated().allSatisfy { k, c in bytes[start + k] | 0x20 == c | 0x20 }
            let before = bytes[start - 1]
            if matches, isBlank(before) || before == UInt8(ascii: "{") || before == UInt8(ascii: ",") { return first }
        }
        return nil
    }

    /// The depth of the first `[` whose first element is an object, the `[`'s offset and that element's start.
    private static func firstArrayOfObjects(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        var depth = 0
        var inString = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
            } else {
                switch c {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: "["):
                    depth += 1
                    var j = i + 1
                    while j < bytes.count, isBlank(bytes[j]) { j += 1 }
                    if j < bytes.count, bytes[j] == UInt8(ascii: "{") { return (depth, i, j) }
                default: break
                }
            }
            i += 1
        }
        return nil
    }

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// The offset of the first occurrence of `pattern` at or after `from`.
    private static func find(_ pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from: Int)
        -> Int?
    {
        guard let head = pattern.first else { return nil }
        var i = from
        while i + pattern.count <= bytes.count {
            if bytes[i] == head {
                var k = 1
                while k < pattern.count, bytes[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }
}
