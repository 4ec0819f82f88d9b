/// A strict RFC 8259 parser working on bytes.
///
/// Written by hand because inventory files are large (100,000 resources is
/// about 100 MB) and `JSONSerialization`/`JSONDecoder` are 4–6× slower on
/// Linux. Nesting is limited (`maxDepth`) so hostile input ends in an error,
/// never a stack overflow. Invalid UTF-8 inside strings (and an unpaired surrogate escape) is
/// repaired with U+FFFD, or refused at its path with `strictUnicode`.
public struct JSONParser: ~Copyable {
    /// The deepest nesting accepted; Azure's own documents stay far below it.
    public static let defaultMaxDepth = 512
    /// The longest string accepted, in UTF-8 bytes: Azure Resource Manager rejects request
    /// bodies over 4 MiB, so no Azure object holds a longer string.
    public static let maxStringBytes = 4 * 1024 * 1024

    /// Parses a whole document; trailing non-whitespace is an error. A leading UTF-8 BOM is skipped.
    /// `strictUnicode`: a string holding invalid UTF-8 or an unpaired surrogate escape is an error
    /// (what is recorded must be what the file says), not repaired.
    public static func parse(
        _ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth, strictUnicode: Bool = false
    ) throws(JSONParseError) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
            var parser = JSONParser(buffer, maxDepth: maxDepth)
            parser.strictUnicode = strictUnicode
            return try parser.parseDocument()
        }
    }

    /// Parses a whole document in raw memory (a file's bytes, without copying them).
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(JSONParseError)
        -> JSONValue
    {
        var parser = JSONParser(bytes.bindMemory(to: UInt8.self), maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    /// Parses a whole document from a string.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var depth = 0
    private let maxDepth: Int
    /// The keys and indices of the containers being read, for error paths.
    private var path: [JSONPath.Component] = []
    /// Where other threads took over the rest of a large array (`parse(_:threads:)`).
    var handover: ChunkHandover?
    /// Repeated strings shared rather than copied; nil for small documents, where the table costs more than it saves.
    var strings: StringTable?
    /// Pages of a mapped file given back as the parse moves on (`parse(_:threads:releasingParsedPages:)`).
    var pages: PageRelease?
    /// Invalid UTF-8 and unpaired surrogate escapes are errors rather than repaired.
    var strictUnicode = false
    /// Takes the rows instead of the array that holds them (`parse(_:threads:rows:)`).
    var rowSink: (any RowTaking)?
    /// Where the first row starts: the array whose first element starts here holds the rows.
    var rowStart: Int?

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        path.reserveCapacity(32)
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        skipWhitespace()
        if position == bytes.count { throw error("empty document") }
        let value = try parseValue()
        skipWhitespace()
        if position != bytes.count { throw error("unexpected data after the end of the document") }
        return value
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input, a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character \(describe(bytes[position])), a value was expected")
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        var members: [JSONObject.Member] = []
        var seenKeys: Set<String> = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input inside an object") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a quoted member name, found \(describe(bytes[position]))")
            }
            let key = try parseString()
            if !members.isEmpty, isDuplicate(key, in: members, seen: &seenKeys) {
                path.append(.key(key))
                throw error("duplicate member name \"\(key.prefix(60))\" (the document is ambiguous)")
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after member name \"\(key.prefix(60))\"")
            }
            position += 1
            skipWhitespace()
            path.append(.key(key))
            let value = try parseValue()
            path.removeLast()
            members.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input inside an object") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(JSONObject(members))
            default:
                throw error("expected ',' or '}' in an object, found \(describe(bytes[position]))")
            }
        }
    }

    /// Whether `key` repeats a member name, ignoring ASCII case as Azure does (`data` and `Data` name one
    /// property). Objects are small on the hot path: a linear scan comparing lengths first; past
    /// `duplicateScanLimit` members the lower-cased names go into `seen`.
    @inline(__always) private func isDuplicate(_ key: String, in members: [JSONObject.Member], seen: inout Set<String>)
        -> Bool
    {
        if members.count < Self.duplicateScanLimit {
            let length = key.utf8.count
            for member in members where member.key.utf8.count == length && member.key.equalsIgnoringASCIICase(key) {
                return true
            }
            return false
        }
        if seen.isEmpty { seen = Set(members.map { $0.key.lowercased() }) }
        return !seen.insert(key.lowercased()).inserted
    }

    /// Members compared one by one below this count; a set of names above it.
    static let duplicateScanLimit = 16

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        // The rows go to the sink, the array stays empty.
        let sink = position == rowStart ? rowSink : nil
        sink?.begin(at: JSONPath(path))
        var count = 0
        while true {
            skipWhitespace()
            if let handover, position == handover.start {
                self.handover = nil
                if depth == handover.depth, (sink != nil) == !handover.sinks.isEmpty, let rest = handover.join() {
                    // The other threads parsed the remaining elements, through this array's `]`.
                    elements += rest.elements
                    sink?.adopt(handover.sinks)
                    position = rest.end
                    depth -= 1
                    return .array(elements)
                }
            }
            path.append(.index(count))
            let start = position
            let value = try parseValue()
            path.removeLast()
            count += 1
            if let sink { sink.take(value, at: start..<position) } else { elements.append(value) }
            if pages != nil { pages!.parsed(upTo: position) }
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input inside an array") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw error("expected ',' or ']' in an array, found \(describe(bytes[position]))")
            }
        }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                try checkLength(position - start)
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
                if strictUnicode { try checkUTF8(raw) }
                let s = strings != nil ? strings!.string(raw) : String(decoding: raw, as: UTF8.self)
                position += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("control character \(describe(c)) inside a string") }
            position += 1
        }
        guard position < bytes.count else { throw error("unexpected end of input inside a string") }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let c = bytes[position]
            switch c {
            case UInt8(ascii: "\""):
                position += 1
                try checkLength(buffer.count)
                if strictUnicode {
                    try buffer.withUnsafeBufferPointer { (b) throws(JSONParseError) in try checkUTF8(b) }
                }
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { throw error("unexpected end of input inside a string") }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &buffer)
                default: throw error("invalid escape \\\(describe(e)) inside a string")
                }
            default:
                if c < 0x20 { throw error("control character \(describe(c)) inside a string") }
                buffer.append(c)
                position += 1
            }
        }
        throw error("unexpected end of input inside a string")
    }

    private func checkUTF8(_ raw: UnsafeBufferPointer<UInt8>) throws(JSONParseError) {
        guard raw.contains(where: { $0 >= 0x80 }), String(validating: raw, as: UTF8.self) == nil else { return }
        throw error("invalid UTF-8 inside a string")
    }

    private func checkLength(_ count: Int) throws(JSONParseError) {
        if count > Self.maxStringBytes {
            throw error(
                "string of \(count) bytes is longer than the \(Self.maxStringBytes / 1_048_576) MiB an Azure request can carry"
            )
        }
    }

    private mutating func appendUnicodeEscape(to buffer: inout [UInt8]) throws(JSONParseError) {
        var scalar = try readHex4()
        if (0xD800...0xDBFF).contains(scalar) {
            if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            {
                position += 2
                let low = try readHex4()
                if (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    scalar = try unpairedSurrogate()
                }
            } else {
                scalar = try unpairedSurrogate()
            }
        } else if (0xDC00...0xDFFF).contains(scalar) {
            scalar = try unpairedSurrogate()
        }
        let unicode = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
    }

    /// U+FFFD, or an error with `strictUnicode`.
    private func unpairedSurrogate() throws(JSONParseError) -> UInt32 {
        if strictUnicode { throw error("unpaired surrogate escape inside a string") }
        return 0xFFFD
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("unexpected end of input inside a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - 0x41 + 10)
            default: throw error("invalid hex digit \(describe(c)) in a \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number") }
        if bytes[position] == UInt8(ascii: "0"), position + 1 < bytes.count, isDigit(bytes[position + 1]) {
            throw error("invalid number: leading zero")
        }
        var integer: UInt64 = 0
        var digits = 0
        while position < bytes.count, isDigit(bytes[position]) {
            integer = integer &* 10 &+ UInt64(bytes[position] - 0x30)
            digits += 1
            position += 1
        }
        var isIntegral = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isIntegral = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error("invalid number: digit expected after '.'")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isIntegral = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error("invalid number: digit expected in exponent")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if isIntegral && digits <= 15 {
            return negative ? -Double(integer) : Double(integer)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("number out of range: \(text.prefix(40))") }
        return value
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end of input in a literal") }
        let matches = literal.withUTF8Buffer { lit in
            (0..<count).allSatisfy { bytes[position + $0] == lit[$0] }
        }
        guard matches else { throw error("invalid literal, expected \(literal)") }
        position += count
    }

    @inline(__always) mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private func describe(_ c: UInt8) -> String {
        c >= 0x21 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16, uppercase: true))"
    }

    private func error(_ message: String) -> JSONParseError {
        let end = min(position, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<end where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return JSONParseError(
            message: message, path: JSONPath(path), offset: end, line: line, column: end - lineStart + 1)
    }
}
