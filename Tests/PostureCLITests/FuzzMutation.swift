import Foundation
import JSONCore

/// A deterministic generator (SplitMix64) for the fuzz campaign.
struct FuzzRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }
}

/// The mutations of issue 15's campaign, applied to one file (or folder) of an input directory.
enum FuzzMutation: String, CaseIterable {
    case truncate, flipBytes, invalidUTF8, byteOrderMark, oddNumber, wrongType, duplicateKey, deepNesting
    case missingFile, missingFolder, emptyFile

    /// Mutates one of `files` (paths relative to `root`) and says what it did.
    static func apply(to root: URL, files: [String], random: inout FuzzRandom) throws -> String {
        let file = random.pick(files)
        let url = root.appendingPathComponent(file)
        var bytes = [UInt8](try Data(contentsOf: url))
        let mutation = random.pick(allCases)
        var detail = ""
        switch mutation {
        case .truncate:
            let keep = bytes.isEmpty ? 0 : random.below(bytes.count)
            bytes = Array(bytes.prefix(keep))
            detail = "at \(keep)"
        case .flipBytes:
            for _ in 0..<(1 + random.below(4)) where !bytes.isEmpty {
                let i = random.below(bytes.count)
                bytes[i] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
            }
        case .invalidUTF8:
            let i = bytes.isEmpty ? 0 : random.below(bytes.count)
            bytes.insert(
                contentsOf: random.pick([[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80]]), at: i)
        case .byteOrderMark:
            bytes = random.pick([[0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF], [0xFE, 0xFF]]) + bytes
        case .oddNumber, .wrongType, .duplicateKey, .deepNesting:
            guard let document = try? JSONParser.parse(bytes) else {
                // Not JSON (a schedule, the alias table): the textual version of the mutation.
                bytes = textual(mutation, bytes, random: &random)
                break
            }
            var value = document
            tree(mutation, &value, depth: 0, random: &random)
            bytes = Array(JSONWriter(pretty: random.below(2) == 0).string(value).utf8)
        case .missingFile:
            try FileManager.default.removeItem(at: url)
            return "\(mutation) \(file)"
        case .missingFolder:
            let folder = url.deletingLastPathComponent()
            guard folder.standardizedFileURL.path != root.standardizedFileURL.path else {
                try FileManager.default.removeItem(at: url)
                return "missingFile \(file)"
            }
            try FileManager.default.removeItem(at: folder)
            return "\(mutation) \(folder.lastPathComponent)"
        case .emptyFile:
            bytes = random.pick([[], Array("   \n".utf8), Array("null".utf8), Array("{}".utf8), Array("[]".utf8)])
        }
        try Data(bytes).write(to: url)
        return "\(mutation) \(file) \(detail)"
    }

    static let oddNumbers = [
        "1e309", "-1e309", "1e-400", "-0", "99999999999999999999999", "9223372036854775808", "-9223372036854775809",
        "0.000000000000000000001", "1.5", "4294967296", "-1", "1E400",
    ]

    /// Mutates a random node of the tree.
    static func tree(_ mutation: FuzzMutation, _ value: inout JSONValue, depth: Int, random: inout FuzzRandom) {
        let descend = depth < 12 && random.below(4) != 0
        switch value {
        case .array(var elements) where descend && !elements.isEmpty:
            let i = random.below(elements.count)
            tree(mutation, &elements[i], depth: depth + 1, random: &random)
            value = .array(elements)
            return
        case .object(var object) where descend && !object.isEmpty:
            let i = random.below(object.count)
            if mutation == .duplicateKey, random.below(3) == 0 {
                let member = object.members[i]
                let key = random.below(2) == 0 ? member.key : member.key.uppercased()
                object.members.append(
                    JSONObject.Member(key: key, value: random.below(2) == 0 ? member.value : .array([])))
            } else {
                tree(mutation, &object.members[i].value, depth: depth + 1, random: &random)
            }
            value = .object(object)
            return
        default:
            break
        }
        switch mutation {
        case .oddNumber:
            // JSONWriter prints numbers as Swift does; a huge literal goes in as text below.
            value = .number(random.pick([1e308, -1e308, 5e-324, -0.0, 9_007_199_254_740_993, 1e19, 0.1, -1]))
        case .duplicateKey:
            if case .object(var object) = value, let first = object.members.first {
                object.members.append(first)
                value = .object(object)
            } else {
                value = .object(JSONObject([.init(key: "a", value: value), .init(key: "a", value: .null)]))
            }
        case .deepNesting:
            var nested = value
            for _ in 0..<(random.below(2) == 0 ? 600 : 200) {
                nested = random.below(2) == 0 ? .array([nested]) : .object(["x": nested])
            }
            value = nested
        default:
            let kinds: [JSONValue] = [
                .null, .bool(true), .number(42), .string("wrong"), .array([.number(1)]), .object(["k": .null]),
            ]
            value = random.pick(kinds.filter { !sameKind($0, value) })
        }
    }

    static func sameKind(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null), (.bool, .bool), (.number, .number), (.string, .string), (.array, .array),
            (.object, .object):
            true
        default: false
        }
    }

    /// The text version of a tree mutation, for files that are not JSON, or odd literals JSON cannot hold.
    static func textual(_ mutation: FuzzMutation, _ bytes: [UInt8], random: inout FuzzRandom) -> [UInt8] {
        var text = String(decoding: bytes, as: UTF8.self)
        switch mutation {
        case .oddNumber:
            let number = random.pick(oddNumbers + ["9999999d", "0s", "25h", "99999999999999999999h", "-1h", "1.5h"])
            if let range = text.range(
                of: "[0-9]+[smhd]?", options: .regularExpression, range: randomStart(text, &random))
            {
                text.replaceSubrange(range, with: number)
            } else {
                text += number
            }
        case .wrongType:
            let replacement = random.pick(["[1, 2]", "{a: b}", "null", "~", "\"\"", "*anchor", "&a [x]"])
            if let range = text.range(
                of: "[A-Za-z0-9\"]+", options: .regularExpression, range: randomStart(text, &random))
            {
                text.replaceSubrange(range, with: replacement)
            }
        case .duplicateKey:
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if !lines.isEmpty {
                let i = random.below(lines.count)
                text = (lines[...i] + [lines[i]] + lines[(i + 1)...]).joined(separator: "\n")
            }
        default:
            let depth = random.below(2) == 0 ? 10_000 : 300
            text += "\nnested: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        }
        return Array(text.utf8)
    }

    private static func randomStart(_ text: String, _ random: inout FuzzRandom) -> Range<String.Index> {
        let offset = text.isEmpty ? 0 : random.below(text.count)
        return text.index(text.startIndex, offsetBy: offset)..<text.endIndex
    }
}
