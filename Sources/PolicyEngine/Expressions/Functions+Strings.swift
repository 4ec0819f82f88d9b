import Foundation
import JSONCore

extension Functions {
    static func strings(_ f: BuiltinFunction, _ a: [JSONValue], work: inout WorkBudget) throws(EvaluationError)
        -> JSONValue
    {
        switch f {
        case .concat:
            if !a.isEmpty, a.allSatisfy({ $0.arrayValue != nil }) {
                let total = a.reduce(0) { $0 + ($1.arrayValue?.count ?? 0) }
                try checkCount(total, f)
                try work.charge(total)
                return .array(a.flatMap { $0.arrayValue! })
            }
            var out = ""
            for v in a {
                if case .array = v { throw EvaluationError("concat() cannot mix arrays and strings") }
                if case .object = v { throw EvaluationError("concat() cannot join an object") }
                let piece = text(v)
                try checkGrowing(out.utf8.count + piece.utf8.count, f)
                try work.charge(piece.utf8.count)
                out += piece
            }
            return .string(out)
        case .tolower, .toupper, .trim, .base64:
            let s = try string(a[0], f, 0)
            try work.charge(s.utf8.count)
            switch f {
            case .tolower: return .string(s.lowercased())
            case .toupper: return .string(s.uppercased())
            case .trim: return .string(String(s.trimmingCharacters(in: " \t\r\n")))
            default: return .string(Base64.encode(Array(s.utf8)))
            }
        case .string:
            let s = text(a[0])
            try work.charge(s.utf8.count)
            return .string(s)
        case .split:
            let s = try string(a[0], f, 0)
            let delimiters: [String]
            switch a[1] {
            case .string(let d): delimiters = [d]
            case .array(let ds): delimiters = ds.compactMap(\.stringValue)
            default: throw EvaluationError("split() needs a string or an array of strings as delimiter")
            }
            // Each position may try every delimiter to its full length.
            try work.charge(s.utf8.count + 1, times: max(1, delimiters.reduce(0) { $0 + $1.utf8.count }))
            return .array(split(s, by: delimiters).map(JSONValue.string))
        case .replace:
            let (s, old, new) = (try string(a[0], f, 0), try string(a[1], f, 1), try string(a[2], f, 2))
            return .string(try replace(s, old, new, work: &work))
        case .substring:
            let s = try string(a[0], f, 0)
            try work.charge(s.utf8.count)
            let characters = Array(s)
            let start = try integer(a[1], f, 1)
            guard start >= 0, start <= characters.count else {
                throw EvaluationError(
                    "substring(): start index \(start) is outside the string of \(characters.count) characters")
            }
            let length = a.count > 2 ? try integer(a[2], f, 2) : characters.count - start
            guard length >= 0, length <= characters.count - start else {
                throw EvaluationError(
                    "substring(): length \(length) from index \(start) goes past the end of the "
                        + "\(characters.count)-character string")
            }
            return .string(String(characters[start..<(start + length)]))
        case .startswith, .endswith:
            let s = try string(a[0], f, 0)
            let t = try string(a[1], f, 1)
            try work.charge(s.utf8.count + t.utf8.count)
            let (text, affix) = (s.lowercased(), t.lowercased())
            return .bool(f == .startswith ? text.hasPrefix(affix) : text.hasSuffix(affix))
        case .indexof, .lastindexof:
            let s = try string(a[0], f, 0)
            let t = try string(a[1], f, 1)
            try work.charge(2 * (s.utf8.count + t.utf8.count))
            let text = Array(s.lowercased())
            let search = TextSearch(Array(t.lowercased()))
            let found = f == .indexof ? search.firstIndex(in: text) : search.lastIndex(in: text)
            return .number(found.map(Double.init) ?? -1)
        case .padleft:
            let s = text(a[0])
            let total = try integer(a[1], f, 1)
            guard total <= EngineLimits.maxStringLength else {
                throw EvaluationError(
                    "padLeft(): length \(total) passes Azure Policy's limit of \(EngineLimits.maxStringLength) "
                        + "characters")
            }
            let pad = a.count > 2 ? try string(a[2], f, 2) : " "
            guard let c = pad.first else { throw EvaluationError("padLeft() needs a padding character") }
            try work.charge(s.utf8.count + max(0, total))
            let count = s.count
            return .string(count >= total ? s : String(repeating: c, count: total - count) + s)
        case .base64tostring, .base64tojson:
            let encoded = try string(a[0], f, 0)
            try work.charge(encoded.utf8.count)
            guard let bytes = Base64.decode(encoded) else {
                throw EvaluationError("\(f.rawValue)(): the argument is not valid base64")
            }
            let s = String(decoding: bytes, as: UTF8.self)
            if f == .base64tostring { return .string(s) }
            return try parseJSON(s)
        case .format:
            return .string(try format(try string(a[0], f, 0), Array(a.dropFirst()), work: &work))
        case .uniquestring, .guid:
            let parts = a.map(text)
            try work.charge(parts.reduce(0) { $0 + $1.utf8.count })
            return .string(f == .guid ? pseudoGuid(parts) : uniqueString(parts))
        case .uri:
            let base = try string(a[0], f, 0)
            let relative = try string(a[1], f, 1)
            try work.charge(base.utf8.count + relative.utf8.count)
            if relative.hasPrefix("/") || base.hasSuffix("/") { return .string(base + relative) }
            if let slash = base.lastIndex(of: "/") { return .string(String(base[...slash]) + relative) }
            return .string(base + "/" + relative)
        default:
            throw EvaluationError("\(f.rawValue)() is not a string function")
        }
    }

    /// `replace()`: every occurrence of `old` (matched exactly, as .NET's `String.Replace`), in linear time.
    static func replace(_ s: String, _ old: String, _ new: String, work: inout WorkBudget) throws(EvaluationError)
        -> String
    {
        guard !old.isEmpty else { throw EvaluationError("replace(): the string to replace is empty") }
        try work.charge(s.utf8.count + old.utf8.count)
        let text = Array(s.utf8)
        let hits = TextSearch(Array(old.utf8)).allIndices(in: text)
        let size = text.count + hits.count * (new.utf8.count - old.utf8.count)
        try checkGrowing(size, .replace)
        try work.charge(size)
        var out: [UInt8] = []
        out.reserveCapacity(size)
        var from = 0
        for hit in hits {
            out.append(contentsOf: text[from..<hit])
            out.append(contentsOf: new.utf8)
            from = hit + old.utf8.count
        }
        out.append(contentsOf: text[from...])
        return String(decoding: out, as: UTF8.self)
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
    static func format(_ template: String, _ args: [JSONValue], work: inout WorkBudget) throws(EvaluationError)
        -> String
    {
        try work.charge(template.utf8.count)
        let texts = args.map(text)
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
                guard let close = chars.firstIndex(of: "}") else {
                    throw EvaluationError("format(): '{' is not closed")
                }
                let spec = chars[..<close]
                chars = chars[chars.index(after: close)...]
                let indexText = spec.split(separator: ":").first.map(String.init) ?? ""
                guard let i = Int(indexText.trimmingCharacters(in: " ")), args.indices.contains(i) else {
                    throw EvaluationError("format(): '{\(spec)}' does not name one of the \(args.count) arguments")
                }
                try checkGrowing(out.utf8.count + texts[i].utf8.count, .format)
                try work.charge(texts[i].utf8.count)
                out += texts[i]
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
