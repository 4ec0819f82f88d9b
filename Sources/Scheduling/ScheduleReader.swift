import Foundation
import Yams

/// Reads a schedule file's YAML into a ``Schedule``, failing on the first problem in file order with
/// the file, the dotted key and what to write instead.
struct ScheduleReader {
    let file: String

    /// What a correct line looks like, per key, for the error messages.
    static let examples: [String: String] = [
        "timeZone": "timeZone: Europe/Helsinki",
        "policy": "policy: {at: \"07:00\", every: 24h, duration: 2h, onChange: off}",
        "defender": "defender: {at: \"10:00\", every: 24h, duration: 1h}",
        "score": "score: {at: \"00:00\", every: 8h}",
        "at": "at: \"07:00\"",
        "every": "every: 24h",
        "duration": "duration: 1h",
        "onChange": "onChange: off",
        "anchor": "anchor: 2026-01-05",
    ]

    func read(_ yaml: String) throws(ScheduleError) -> Schedule {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw fail("", Self.describe(error))
        }
        guard let root else {
            throw fail("", "is empty; a schedule needs timeZone, policy, defender and score (see Docs/Scheduling.md)")
        }
        let top = try mapping(root, key: "", names: ["timeZone", "policy", "defender", "score"], optional: [])
        let zone = try timeZone(top["timeZone"]!)
        let policy = try cadence(top["policy"]!, section: "policy")
        let defender = try cadence(top["defender"]!, section: "defender")
        let score = try cadence(top["score"]!, section: "score")
        return Schedule(
            timeZone: zone, policy: policy.cadence, onChange: policy.onChange ?? .off,
            defender: defender.cadence, score: score.cadence)
    }

    // MARK: - Sections

    /// A section's cadence, and its `onChange` when it has one.
    private typealias Section = (cadence: Cadence, onChange: OnChange?)

    private func cadence(_ node: Node, section: String) throws(ScheduleError) -> Section {
        let names: [String] =
            switch section {
            case "policy": ["at", "every", "duration", "onChange"]
            case "defender": ["at", "every", "duration"]
            default: ["at", "every"]
            }
        let fields = try mapping(node, key: section, names: names, optional: ["anchor"])
        func key(_ name: String) -> String { "\(section).\(name)" }

        let atText = try scalar(fields["at"]!, key: key("at"), name: "at")
        guard let at = LocalTime(atText) else {
            throw fail(key("at"), "'\(atText)' is not a time of day (use HH:MM on a 24-hour clock, e.g. \"07:00\")")
        }
        let everyText = try scalar(fields["every"]!, key: key("every"), name: "every")
        guard let every = DurationText.seconds(everyText) else { throw notADuration(everyText, key: key("every")) }
        guard every >= 60 else {
            throw fail(key("every"), "'\(everyText)' is shorter than a minute (cycles run at most once a minute)")
        }
        guard every <= Cadence.maximumEvery else {
            throw fail(
                key("every"),
                "'\(everyText)' is longer than \(DurationText.format(Cadence.maximumEvery)) (Azure's cycles run daily)")
        }
        guard Cadence.isValid(every: every) else {
            throw fail(
                key("every"),
                "'\(everyText)' neither divides a day evenly nor is a whole number of days (use e.g. 30m, 1h, 6h, 8h, 12h, 24h or 7d)"
            )
        }
        var duration = 0
        if let node = fields["duration"] {
            let text = try scalar(node, key: key("duration"), name: "duration")
            guard let seconds = DurationText.seconds(text) else { throw notADuration(text, key: key("duration")) }
            guard seconds <= every else {
                throw fail(
                    key("duration"),
                    "'\(text)' is longer than every (\(everyText)): a cycle ends before the next one starts")
            }
            duration = seconds
        }
        var onChange: OnChange?
        if let node = fields["onChange"] {
            let text = try scalar(node, key: key("onChange"), name: "onChange")
            if text == "off" {
                onChange = .off
            } else if let delay = DurationText.seconds(text) {
                guard delay <= every else {
                    throw fail(
                        key("onChange"), "'\(text)' is longer than every (\(everyText)): the regular cycle comes first")
                }
                onChange = .after(seconds: delay)
            } else {
                throw fail(key("onChange"), "'\(text)' is neither off nor a duration (use off, or a delay like 15m)")
            }
        }
        var anchor = LocalDate(dayNumber: 0)
        if let node = fields["anchor"] {
            let text = try scalar(node, key: key("anchor"), name: "anchor")
            guard let date = LocalDate(text) else {
                throw fail(key("anchor"), "'\(text)' is not a date (use YYYY-MM-DD, e.g. 2026-01-05)")
            }
            guard every >= 2 * 86_400 else {
                throw fail(
                    key("anchor"),
                    "only applies when every is 2d or more (every is \(everyText)); remove it")
            }
            anchor = date
        }
        return (Cadence(at: at, every: every, duration: duration, anchor: anchor), onChange)
    }

    private func timeZone(_ node: Node) throws(ScheduleError) -> TimeZone {
        let name = try scalar(node, key: "timeZone", name: "timeZone")
        // Area/Location names (and UTC, GMT) only: Foundation also accepts abbreviations such as EET
        // or PST and offsets such as GMT+2, which do not follow daylight saving as the place does.
        let iana =
            name.contains("/") || name == "UTC" || name == "GMT" || TimeZone.knownTimeZoneIdentifiers.contains(name)
        guard iana, let zone = TimeZone(identifier: name) else {
            throw fail(
                "timeZone",
                "'\(name)' is not a known IANA time zone (use a name like Europe/Helsinki or UTC, not an abbreviation or offset)"
            )
        }
        return zone
    }

    // MARK: - Nodes

    /// The values of a mapping by key, after checking that every key is known and every required key
    /// (`names`, not in `optional`) is present.
    private func mapping(
        _ node: Node, key: String, names: [String], optional: [String]
    ) throws(ScheduleError) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            let message =
                key.isEmpty
                ? "expected a mapping with the keys timeZone, policy, defender and score"
                : "expected a mapping like \(Self.examples[key]!)"
            throw fail(key, message)
        }
        let allowed = names + optional
        var out: [String: Node] = [:]
        for (k, v) in mapping {
            guard case .scalar(let scalar) = k else {
                throw fail(key, "keys must be plain names (expected \(Self.list(allowed)))")
            }
            let full = key.isEmpty ? scalar.string : "\(key).\(scalar.string)"
            guard allowed.contains(scalar.string) else {
                throw fail(full, "unknown key (expected \(Self.list(allowed)))")
            }
            out[scalar.string] = v
        }
        for name in names where out[name] == nil {
            let full = key.isEmpty ? name : "\(key).\(name)"
            throw fail(full, "missing (add e.g. \(Self.examples[name]!))")
        }
        return out
    }

    /// The text of a single value.
    private func scalar(_ node: Node, key: String, name: String) throws(ScheduleError) -> String {
        let example = Self.examples[name]!
        switch node {
        case .scalar(let scalar):
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { throw fail(key, "has no value (write e.g. \(example))") }
            return text
        case .mapping: throw fail(key, "expected a single value, not a mapping (write e.g. \(example))")
        case .sequence: throw fail(key, "expected a single value, not a list (write e.g. \(example))")
        case .alias: throw fail(key, "expected a single value, not an alias (write e.g. \(example))")
        }
    }

    private func notADuration(_ text: String, key: String) -> ScheduleError {
        fail(key, "'\(text)' is not a duration (use 90s, 15m, 2h, 1d)")
    }

    private func fail(_ key: String, _ message: String) -> ScheduleError {
        ScheduleError(file: file, key: key, message: message)
    }

    private static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// A YAML syntax error as one sentence with its line and column.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? YamlError else { return "is not valid YAML: \(error)" }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return
                "is not valid YAML at line \(mark.line), column \(mark.column): \(problem) (check indentation and quoting)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "key \(keys) appears twice in the mapping at line \(context.mark.line); keep one"
        default:
            return "is not valid YAML: \(error)"
        }
    }
}

extension Schedule {
    /// Reads a schedule from the YAML text of a file; `file` names it in errors.
    ///
    /// ```yaml
    /// timeZone: Europe/Helsinki      # IANA name; cycle times are local
    /// policy:   {at: "07:00", every: 24h, duration: 2h, onChange: off}   # onChange: off | 15m
    /// defender: {at: "10:00", every: 24h, duration: 1h}
    /// score:    {at: "00:00", every: 8h}
    /// ```
    ///
    /// Every key shown is required; each section may also hold `anchor: YYYY-MM-DD` when its
    /// `every` is 2d or more. Unknown keys are errors.
    package init(yaml: String, file: String) throws(ScheduleError) {
        self = try ScheduleReader(file: file).read(yaml)
    }

    /// The largest schedule file read.
    static let maximumFileSize = 64 * 1024

    /// Reads the schedule file at `path` (named as given in errors).
    package static func load(path: String) throws(ScheduleError) -> Schedule {
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            // A named pipe or a device would block the read, or never end: refused without opening it.
            throw ScheduleError(file: path, key: "", message: "is not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScheduleError(file: path, key: "", message: "cannot be read (check the path and its permissions)")
        }
        guard data.count <= maximumFileSize else {
            throw ScheduleError(
                file: path, key: "", message: "is larger than \(maximumFileSize / 1024) KiB; a schedule is a few lines")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScheduleError(file: path, key: "", message: "is not UTF-8 text")
        }
        return try Schedule(yaml: text, file: path)
    }
}
