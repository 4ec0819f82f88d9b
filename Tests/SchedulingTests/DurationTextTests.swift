import Scheduling
import Testing

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("90s", 90), ("15m", 900), ("2h", 7_200), ("1d", 86_400), ("24h", 86_400), ("1h30m", 5_400),
        ("1d12h", 129_600), ("2h0m5s", 7_205), ("0s", 0), ("7d", 604_800),
    ])
    func parses(text: String, seconds: Int) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: [
        "", "25x", "24", "h", "1.5h", "30m1h", "1h1h", "-1h", " 1h", "1 h", "1H", "99999999999999999999d",
    ])
    func rejects(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test func formatsShortest() {
        #expect(DurationText.format(0) == "0s")
        #expect(DurationText.format(900) == "15m")
        #expect(DurationText.format(5_400) == "1h30m")
        #expect(DurationText.format(86_400) == "1d")
        #expect(DurationText.format(90_061) == "1d1h1m1s")
    }
}
