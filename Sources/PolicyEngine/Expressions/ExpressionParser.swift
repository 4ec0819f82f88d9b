/// Parses the text between `[` and `]` of an ARM template expression into a ``RawExpression``.
///
/// Grammar: `expr := atom ( '.' name | '[' expr ']' )*`, `atom := 'string' | number |
/// name '(' (expr (',' expr)*)? ')'`. Strings use `''` for a quote. Depth and length are capped
/// by ``EngineLimits`` so hostile text ends in an error, never a stack overflow.
struct ExpressionParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    /// Whether `text` is an expression (`[...]`) rather than a literal; `[[...` is an escaped literal.
    static func isExpression(_ text: String) -> Bool {
        let u = text.utf8
        guard u.count >= 2, u.first == UInt8(ascii: "["), u.last == UInt8(ascii: "]") else { return false }
        return u.dropFirst().first != UInt8(ascii: "[")
    }

    /// The literal a `[[...]` string stands for (the first `[` removed), or the text unchanged.
    static func unescapeLiteral(_ text: String) -> String {
        if text.utf8.count >= 2, text.utf8.first == UInt8(ascii: "["), text.utf8.dropFirst().first == UInt8(ascii: "[")
        {
            return String(text.dropFirst())
        }
        return text
    }

    /// Parses a full `"[...]"` expression string.
    static func parse(_ text: String) throws(ExpressionSyntaxError) -> RawExpression {
        guard text.utf8.count <= EngineLimits.maxExpressionLength else {
            throw ExpressionSyntaxError(
                "the expression is \(text.utf8.count) bytes long; the limit is \(EngineLimits.maxExpressionLength)")
        }
        var inner = Array(text.utf8)
        guard inner.first == UInt8(ascii: "["), inner.last == UInt8(ascii: "]") else {
            throw ExpressionSyntaxError("an expression must be written as \"[...]\"")
        }
        inner.removeFirst()
        inner.removeLast()
        var parser = ExpressionParser(bytes: inner)
        parser.skipSpace()
        let expression = try parser.parseExpression()
        parser.skipSpace()
        guard parser.position == parser.bytes.count else {
            throw ExpressionSyntaxError("unexpected \(parser.describeCurrent()) at offset \(parser.position + 1)")
        }
        return expression
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func parseExpression() throws(ExpressionSyntaxError) -> RawExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= EngineLimits.maxExpressionDepth else {
            throw ExpressionSyntaxError("the expression nests deeper than \(EngineLimits.maxExpressionDepth) levels")
        }
        var value = try parseAtom()
        while true {
            skipSpace()
            guard position < bytes.count else { return value }
            if bytes[position] == UInt8(ascii: ".") {
                position += 1
                skipSpace()
                let name = parseName()
                guard !name.isEmpty else { throw ExpressionSyntaxError("a property name was expected after '.'") }
                value = .member(value, name)
            } else if bytes[position] == UInt8(ascii: "[") {
                position += 1
                skipSpace()
                let index = try parseExpression()
                skipSpace()
                try expect(UInt8(ascii: "]"))
                value = .index(value, index)
            } else {
                return value
            }
        }
    }

    private mutating func parseAtom() throws(ExpressionSyntaxError) -> RawExpression {
        skipSpace()
        guard position < bytes.count else {
            throw ExpressionSyntaxError("the expression ends where a value was expected")
        }
        let c = bytes[position]
        if c == UInt8(ascii: "'") { return .string(try parseString()) }
        if c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) {
            return .number(try parseNumber())
        }
        let name = parseName()
        guard !name.isEmpty else {
            throw ExpressionSyntaxError("unexpected \(describeCurrent()) at offset \(position + 1)")
        }
        skipSpace()
        try expect(UInt8(ascii: "("))
        var arguments: [RawExpression] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: ")") {
            position += 1
            return .call(name, arguments)
        }
        while true {
            arguments.append(try parseExpression())
            skipSpace()
            guard position < bytes.count else { throw ExpressionSyntaxError("'\(name)(' is never closed") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: ")"))
            return .call(name, arguments)
        }
    }

    private mutating func parseString() throws(ExpressionSyntaxError) -> String {
        position += 1
        var out: [UInt8] = []
        while position < bytes.count {
            let c = bytes[position]
            position += 1
            if c == UInt8(ascii: "'") {
                if position < bytes.count, bytes[position] == UInt8(ascii: "'") {
                    out.append(c)
                    position += 1
                    continue
                }
                return String(decoding: out, as: UTF8.self)
            }
            out.append(c)
        }
        throw ExpressionSyntaxError("a string literal is not closed with '")
    }

    private mutating func parseNumber() throws(ExpressionSyntaxError) -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        while position < bytes.count,
            (bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9"))
                || bytes[position] == UInt8(ascii: ".")
        {
            position += 1
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw ExpressionSyntaxError("'\(text)' is not a finite number")
        }
        return value
    }

    private mutating func parseName() -> String {
        let start = position
        while position < bytes.count {
            let c = bytes[position]
            let isNameByte =
                (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_")
                || c == UInt8(ascii: "$")
            guard isNameByte else { break }
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func expect(_ c: UInt8) throws(ExpressionSyntaxError) {
        guard position < bytes.count, bytes[position] == c else {
            throw ExpressionSyntaxError("'\(Character(Unicode.Scalar(c)))' expected, found \(describeCurrent())")
        }
        position += 1
    }

    private mutating func skipSpace() {
        while position < bytes.count,
            bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A
                || bytes[position] == 0x0D
        {
            position += 1
        }
    }

    private func describeCurrent() -> String {
        guard position < bytes.count else { return "the end of the expression" }
        return "'\(Character(Unicode.Scalar(bytes[position])))'"
    }
}

/// Why an expression's text could not be parsed.
struct ExpressionSyntaxError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
