import Foundation
import Scheduling
import TestSupport
import Testing

@Suite struct ScheduleParsingTests {
    static let valid = """
        timeZone: Europe/Helsinki
        policy:   {at: "07:00", every: 24h, duration: 2h, onChange: off}
        defender: {at: "10:00", every: 24h, duration: 1h}
        score:    {at: "04:00", every: 8h}
        """

    /// The error line for `yaml`, or nil when it parses.
    func error(_ yaml: String) -> String? {
        do {
            _ = try Schedule(yaml: yaml, file: "Schedules/x.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    func replacing(_ old: String, with new: String) -> String {
        precondition(Self.valid.contains(old))
        return Self.valid.replacingOccurrences(of: old, with: new)
    }

    @Test func readsEveryKey() throws {
        let s = try Schedule(yaml: Self.valid, file: "x.yaml")
        #expect(s.timeZone.identifier == "Europe/Helsinki")
        #expect(s.policy.at.description == "07:00")
        #expect(s.policy.every == 86_400)
        #expect(s.policy.duration == 7_200)
        #expect(s.onChange == .off)
        #expect(s.defender.at.description == "10:00")
        #expect(s.defender.every == 86_400)
        #expect(s.defender.duration == 3_600)
        #expect(s.score.at.description == "04:00")
        #expect(s.score.every == 28_800)
        #expect(s.score.duration == 0)
        #expect(s.score.timesOfDay.map(\.description) == ["04:00", "12:00", "20:00"])
    }

    @Test func readsBlockStyleAndUnquotedValues() throws {
        // Unquoted 07:00 is a YAML 1.1 sexagesimal number and `off` a boolean: the text is what counts.
        let yaml = """
            timeZone: UTC
            policy:
              at: 07:00
              every: 1d
              duration: 1h30m
              onChange: 15m
            defender:
              at: 7:30:15
              every: 12h
              duration: 0s
            score:
              at: 20:00
              every: 8h
            """
        let s = try Schedule(yaml: yaml, file: "x.yaml")
        #expect(s.policy.at.description == "07:00")
        #expect(s.policy.duration == 5_400)
        #expect(s.onChange == .after(seconds: 900))
        #expect(s.defender.at.description == "07:30:15")
        #expect(s.defender.duration == 0)
        #expect(s.defender.timesOfDay.map(\.description) == ["07:30:15", "19:30:15"])
        #expect(s.score.timesOfDay.map(\.description) == ["04:00", "12:00", "20:00"])
    }

    @Test func readsAnchorForMultiDayCycles() throws {
        let yaml = replacing(
            #"score:    {at: "04:00", every: 8h}"#, with: #"score: {at: "06:00", every: 7d, anchor: 2026-01-05}"#)
        let s = try Schedule(yaml: yaml, file: "x.yaml")
        #expect(s.score.every == 7 * 86_400)
        #expect(s.score.anchor.description == "2026-01-05")
    }

    @Test(arguments: ["UTC", "Europe/Helsinki", "America/New_York", "Asia/Kolkata", "Etc/GMT-2"])
    func acceptsIANATimeZones(name: String) throws {
        let s = try Schedule(yaml: replacing("Europe/Helsinki", with: name), file: "x.yaml")
        #expect(s.timeZone == TimeZone(identifier: name))
    }

    @Test(arguments: [
        // (change to the valid file, expected error line)
        (
            "every: 24h, duration: 2h", "every: 25x, duration: 2h",
            "Schedules/x.yaml:$.policy.every: '25x' is not a duration (use 90s, 15m, 2h, 1d)"
        ),
        (
            "every: 24h, duration: 1h", "every: 24h, duration: 1 hour",
            "Schedules/x.yaml:$.defender.duration: '1 hour' is not a duration (use 90s, 15m, 2h, 1d)"
        ),
        (
            "every: 8h", "every: 7h",
            "Schedules/x.yaml:$.score.every: '7h' neither divides a day evenly nor is a whole number of days (use e.g. 30m, 1h, 6h, 8h, 12h, 24h or 7d)"
        ),
        (
            "every: 8h", "every: 36h",
            "Schedules/x.yaml:$.score.every: '36h' neither divides a day evenly nor is a whole number of days (use e.g. 30m, 1h, 6h, 8h, 12h, 24h or 7d)"
        ),
        (
            "every: 8h", "every: 30s",
            "Schedules/x.yaml:$.score.every: '30s' is shorter than a minute (cycles run at most once a minute)"
        ),
        (
            "every: 8h", "every: 0s",
            "Schedules/x.yaml:$.score.every: '0s' is shorter than a minute (cycles run at most once a minute)"
        ),
        (
            "onChange: off", "onChange: sometimes",
            "Schedules/x.yaml:$.policy.onChange: 'sometimes' is neither off nor a duration (use off, or a delay like 15m)"
        ),
        (
            #"at: "07:00""#, #"at: "25:00""#,
            #"Schedules/x.yaml:$.policy.at: '25:00' is not a time of day (use HH:MM on a 24-hour clock, e.g. "07:00")"#
        ),
        (
            #"at: "10:00""#, #"at: "10am""#,
            #"Schedules/x.yaml:$.defender.at: '10am' is not a time of day (use HH:MM on a 24-hour clock, e.g. "07:00")"#
        ),
        (
            #"at: "04:00""#, #"at: "04:60""#,
            #"Schedules/x.yaml:$.score.at: '04:60' is not a time of day (use HH:MM on a 24-hour clock, e.g. "07:00")"#
        ),
        (
            "Europe/Helsinki", "Europe/Helsinky",
            "Schedules/x.yaml:$.timeZone: 'Europe/Helsinky' is not a known IANA time zone (use a name like Europe/Helsinki or UTC, not an abbreviation or offset)"
        ),
        (
            "Europe/Helsinki", "EET",
            "Schedules/x.yaml:$.timeZone: 'EET' is not a known IANA time zone (use a name like Europe/Helsinki or UTC, not an abbreviation or offset)"
        ),
        (
            "Europe/Helsinki", "GMT+2",
            "Schedules/x.yaml:$.timeZone: 'GMT+2' is not a known IANA time zone (use a name like Europe/Helsinki or UTC, not an abbreviation or offset)"
        ),
        (
            "timeZone: Europe/Helsinki", "timeZone:",
            "Schedules/x.yaml:$.timeZone: has no value (write e.g. timeZone: Europe/Helsinki)"
        ),
        (
            "timeZone: Europe/Helsinki", "timeZone: [Europe/Helsinki]",
            "Schedules/x.yaml:$.timeZone: expected a single value, not a list (write e.g. timeZone: Europe/Helsinki)"
        ),
        (
            "score:    {at: \"04:00\", every: 8h}", "scroe:    {at: \"04:00\", every: 8h}",
            "Schedules/x.yaml:$.scroe: unknown key (expected timeZone, policy, defender or score)"
        ),
        (
            "every: 24h, duration: 2h", "evry: 24h, duration: 2h",
            "Schedules/x.yaml:$.policy.evry: unknown key (expected at, every, duration, onChange or anchor)"
        ),
        (
            "every: 8h", "every: 8h, duration: 1h",
            "Schedules/x.yaml:$.score.duration: unknown key (expected at, every or anchor)"
        ),
        (
            "every: 24h, duration: 1h", "every: 24h, duration: 1h, onChange: off",
            "Schedules/x.yaml:$.defender.onChange: unknown key (expected at, every, duration or anchor)"
        ),
        (
            "score:    {at: \"04:00\", every: 8h}", "",
            "Schedules/x.yaml:$.score: missing (add e.g. score: {at: \"00:00\", every: 8h})"
        ),
        (
            "timeZone: Europe/Helsinki", "",
            "Schedules/x.yaml:$.timeZone: missing (add e.g. timeZone: Europe/Helsinki)"
        ),
        (
            ", duration: 1h", "",
            "Schedules/x.yaml:$.defender.duration: missing (add e.g. duration: 1h)"
        ),
        (
            ", onChange: off", "",
            "Schedules/x.yaml:$.policy.onChange: missing (add e.g. onChange: off)"
        ),
        (
            #"{at: "04:00", every: 8h}"#, "daily",
            #"Schedules/x.yaml:$.score: expected a mapping like score: {at: "00:00", every: 8h}"#
        ),
        (
            "every: 8h", "every: 8h, anchor: 2026-01-05",
            "Schedules/x.yaml:$.score.anchor: only applies when every is 2d or more (every is 8h); remove it"
        ),
        (
            "every: 24h, duration: 2h", "every: 2d, anchor: 2026-02-30, duration: 2h",
            "Schedules/x.yaml:$.policy.anchor: '2026-02-30' is not a date (use YYYY-MM-DD, e.g. 2026-01-05)"
        ),
        // Issue 12: nothing runs away; a duration is at most `every`, `every` at most four weeks.
        (
            "every: 24h, duration: 2h", "every: 24h, duration: 9999999d",
            "Schedules/x.yaml:$.policy.duration: '9999999d' is longer than every (24h): a cycle ends before the next one starts"
        ),
        (
            "every: 24h, duration: 1h", "every: 12h, duration: 13h",
            "Schedules/x.yaml:$.defender.duration: '13h' is longer than every (12h): a cycle ends before the next one starts"
        ),
        (
            "onChange: off", "onChange: 2d",
            "Schedules/x.yaml:$.policy.onChange: '2d' is longer than every (24h): the regular cycle comes first"
        ),
        (
            "every: 8h", "every: 3650d",
            "Schedules/x.yaml:$.score.every: '3650d' is longer than 28d (Azure's cycles run daily)"
        ),
        (
            "every: 24h, duration: 2h", "every: 99999999999999999999d, duration: 2h",
            "Schedules/x.yaml:$.policy.every: '99999999999999999999d' is not a duration (use 90s, 15m, 2h, 1d)"
        ),
    ])
    func reportsFileKeyAndFix(old: String, new: String, expected: String) {
        #expect(error(replacing(old, with: new)) == expected)
    }

    @Test func reportsAnEmptyFile() {
        #expect(
            error("# nothing yet\n")
                == "Schedules/x.yaml:$: is empty; a schedule needs timeZone, policy, defender and score (see Docs/Scheduling.md)"
        )
    }

    @Test func reportsAFileThatIsNotAMapping() {
        #expect(
            error("- policy\n")
                == "Schedules/x.yaml:$: expected a mapping with the keys timeZone, policy, defender and score")
    }

    @Test func reportsYAMLSyntaxWithLine() throws {
        let message = try #require(error("timeZone: UTC\npolicy: {at: \"07:00\"\n  every: [\n"))
        #expect(message.hasPrefix("Schedules/x.yaml:$: is not valid YAML at line "))
        #expect(message.hasSuffix("(check indentation and quoting)"))
    }

    @Test func reportsADuplicateKey() throws {
        let message = try #require(error(Self.valid + "\ntimeZone: UTC\n"))
        #expect(message.hasPrefix("Schedules/x.yaml:$: key 'timeZone' appears twice"))
    }

    @Test func reportsAnUnreadableFile() {
        #expect(
            throws: ScheduleError(
                file: "nope/x.yaml", key: "", message: "cannot be read (check the path and its permissions)")
        ) {
            try Schedule.load(path: "nope/x.yaml")
        }
    }

    @Test func shippedObservedScheduleParses() throws {
        let s = try shipped("azure-observed.yaml")
        #expect(s.timeZone.identifier == "Europe/Helsinki")
        #expect(s.policy.at.description == "07:00")
        #expect(s.policy.every == 86_400)
        #expect(s.onChange == .off)
        #expect(s.defender.every == 86_400)
        #expect(s.defender.at > s.policy.at)
    }

    @Test func shippedDocumentedScheduleParses() throws {
        let s = try shipped("azure-documented.yaml")
        #expect(s.onChange == .after(seconds: 15 * 60))
        #expect(s.policy.every == 86_400)
        #expect(s.defender.every == 12 * 3_600)
        #expect(s.score.every == 8 * 3_600)
    }
}
