import Foundation
import JSONCore

extension Functions {
    static func strings(_ f: BuiltinFunction, _ a: [JSONValue]) throws(EvaluationError) -> JSONValue {
        switch f {
        case .concat:
            if !a.isEmpty, a.allSatisfy({ $0.arrayValue != nil }) {
                return try checkLength(a.flatMap { $0.arrayValue! })
            }
            var out = ""
            for v in a {
                if case .array = v { throw EvaluationError("concat() cannot mix arrays and strings") }
                if case .object = v { throw EvaluationError("concat() cannot join an object") }
                out += text(v)
                if out.utf8.count > EngineLimits.maxStringLength { return try checkLength(out) }
            }
            return .string(out)
        case .tolower:
            return .string(try string(a[0], f, 0).lowercased())
        case .toupper:
            return .string(try string(a[0], f, 0).uppercased())
        case .trim:
            return .string(String(try string(a[0], f, 0).trimmingCharacters(in: " \t\r\n")))
        case .string:
            return .string(text(a[0]))
        case .split:
            let s = try string(a[0], f, 0)
            let delimiters: [String]
            switch a[1] {
            case .string(let d): delimiters = [d]
            case .array(let ds): delimiters = ds.compactMap(\.stringValue)
            default: throw EvaluationError("split() needs a string or an array of strings as delimiter")
            }
            return try checkLength(split(s, by: delimiters).map(JSONValue.string))
        case .replace:
            let s = try string(a[0], f, 0)
            let old = try string(a[1], f, 1)
            let new = try string(a[2], f, 2)
            return try checkLength(s.replacingOccurrences(of: old, with: new))
        case .substring:
            let s = Array(try string(a[0], f, 0))
            let start = try integer(a[1], f, 1)
            let length = a.count > 2 ? try integer(a[2], f, 2) : s.count - start
            guard start >= 0, start <= s.count else {
                throw EvaluationError("substring(): start index \(start) is outside the string of \(s.count) characters")
            }
            guard length >= 0, start + length <= s.count else {
                throw EvaluationError("substring(): length \(length) from index \(start) goes past the end of the \(s.count)-character string")
            }
            return .string(String(s[start..<(start + length)]))
        case .startswith:
            return .bool(try string(a[0], f, 0).lowercased().hasPrefix(try string(a[1], f, 1).lowercased()))
        case .endswith:
            return .bool(try string(a[0], f, 0).lowercased().hasSuffix(try string(a[1], f, 1).lowercased()))
        case .indexof, .lastindexof:
            let s = Array(try string(a[0], f, 0).lowercased())
            let t = Array(try string(a[1], f, 1).lowercased())
            if t.isEmpty { return .number(f == .indexof ? 0 : Double(s.count)) }
            guard s.count >= t.count else { return .number(-1) }
            let starts = Array(0...(s.count - t.count))
            let ordered = f == .indexof ? starts : starts.reversed()
            for i in ordered where s[i..<(i + t.count)].elementsEqual(t) { return .number(Double(i)) }
            return .number(-1)
        case .padleft:
            let s = text(a[0])
            let total = try integer(a[1], f, 1)
            guard total <= EngineLimits.maxStringLength else { throw EvaluationError("padLeft(): length \(total) is too large") }
            let pad = a.count > 2 ? try string(a[2], f, 2) : " "
            guard let c = pad.first else { throw EvaluationError("padLeft() needs a padding character") }
            let count = s.count
            return .string(count >= total ? s : String(repeating: c, count: total - count) + s)
        case .base64:
            return .string(Base64.encode(Array(try string(a[0], f, 0).utf8)))
        case .base64tostring, .base64tojson:
            guard let bytes = Base64.decode(try string(a[0], f, 0)) else {
                throw EvaluationError("\(f.rawValue)(): the argument is not valid base64")
            }
            let s = String(decoding: bytes, as: UTF8.self)
            if f == .base64tostring { return .string(s) }
            return try parseJSON(s)
        case .format:
            return try checkLength(format(try string(a[0], f, 0), Array(a.dropFirst())))
        case .uniquestring:
            return .string(uniqueString(a.map(text)))
        case .guid:
            return .string(pseudoGuid(a.map(text)))
        case .uri:
            let base = try string(a[0], f, 0)
            let relative = try string(a[1], f, 1)
            if relative.hasPrefix("/") || base.hasSuffix("/") { return .string(base + relative) }
            if let slash = base.lastIndex(of: "/") { return .string(String(base[...slash]) + relative) }
            return .string(base + "/" + relative)
        default:
            throw EvaluationError("\(f.rawValue)() is not a string function")
        }
    }

    static func split(_ s: String, by delimiters: [String]) -> [String] {
        var parts: [String] = []
        var current = ""
        var rest = Substring(s)
        outer: while !rest.isEmpty {
            for d in delimiters where !d.isEmpty && rest.hasPrefix(d) {
                parts.append(current)
                current = ""
                rest = rest.dropFirst(d.count)
                continue outer
            }
            current.append(rest.removeFirst())
        }
        parts.append(current)
        return parts
    }

    static func parseJSON(_ s: String) throws(EvaluationError) -> JSONValue {
        do {
            return try JSONParser.parse(s)
        } catch {
            throw EvaluationError("json(): the text is not valid JSON: \(error.description)")
        }
    }

    /// .NET composite formatting with `{0}`, `{1}`, ... (format specifiers ignored).
    static func format(_ template: String, _ args: [JSONValue]) throws(EvaluationError) -> String {
        var out = ""
        var chars = template[...]
        while let c = chars.first {
            chars.removeFirst()
            if c == "{" {
                if chars.first == "{" {
                    chars.removeFirst()
                    out.append("{")
                    continue
                }
                guard let close = chars.firstIndex(of: "}") else { throw EvaluationError("format(): '{' is not closed") }
                let spec = chars[..<close]
                chars = chars[chars.index(after: close)...]
                let indexText = spec.split(separator: ":").first.map(String.init) ?? ""
                guard let i = Int(indexText.trimmingCharacters(in: " ")), args.indices.contains(i) else {
                    throw EvaluationError("format(): '{\(spec)}' does not name one of the \(args.count) arguments")
                }
                out += text(args[i])
            } else if c == "}" {
                if chars.first == "}" { chars.removeFirst() }
                out.append("}")
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A deterministic 13-character hash in ARM's alphabet. ARM's exact algorithm is not
    /// published; names built with it will not match Azure's (see Docs/Semantics.md).
    static func uniqueString(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "-").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var out = ""
        for i in 0..<13 { out.append(alphabet[Int((hash >> UInt64((i * 5) % 60)) & 31)]) }
        return out
    }

    static func pseudoGuid(_ parts: [String]) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in parts.joined(separator: "-").utf8 {
            a = (a ^ UInt64(byte)) &* 0x100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 7
        }
        let hex = String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
        let h = Array(hex)
        return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }

    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> Substring {
        var s = self[...]
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return s
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring { String(self).trimmingCharacters(in: set) }
}
