import Foundation
import PolicyModel
import Testing

@Suite struct ISO8601Tests {
    @Test(arguments: [
        ("2020-12-31T23:59:00.0000000Z", "2020-12-31T23:59:00Z"),
        ("2026-11-01T07:00:00+02:00", "2026-11-01T05:00:00Z"),
        ("2026-03-29T01:30:00-05:30", "2026-03-29T07:00:00Z"),
        ("2026-11-01", "2026-11-01T00:00:00Z"),
        ("2024-02-29T12:00:00.250Z", "2024-02-29T12:00:00.250Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2026-11-01T14:00:00+14:00", "2026-11-01T00:00:00Z"),
        ("2026-11-01T00:00:00-12:00", "2026-11-01T12:00:00Z"),
    ])
    func parsesAzureSpellingsAndPrintsUTC(text: String, expected: String) throws {
        let date = try #require(ISO8601.parse(text))
        #expect(ISO8601.format(date) == expected)
    }

    @Test(arguments: [
        "25/12/2026", "2026-13-01", "2026-02-30", "2026-11-01T25:00:00Z", "2026-11-01T10:00:00Zjunk", "",
        // Issue 15: no year 0, no leap second, no offset beyond ±14:00.
        "0000-01-01T00:00:00Z", "2026-12-31T23:59:60Z", "2026-11-01T10:00:00+14:01", "2026-11-01T10:00:00-15:00",
        "2026-11-01T10:00:00+99:99", "2026-11-01T10:00:00+02:60",
    ])
    func rejectsWhatIsNotISO8601(text: String) {
        #expect(ISO8601.parse(text) == nil)
    }

    @Test func countsSecondsSinceTheUnixEpoch() throws {
        let date = try #require(ISO8601.parse("2026-11-21T05:16:47Z"))
        #expect(date.timeIntervalSince1970 == 1_795_238_207)
    }
}
