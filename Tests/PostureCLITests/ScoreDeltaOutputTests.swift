import Testing

@testable import PostureCLI

/// Points are printed from the integer ten-thousandths, so the table and CSV show exactly what the
/// sums add up to.
@Suite struct ScoreDeltaOutputTests {
    @Test(arguments: [
        (0, "0.0000"), (1, "+0.0001"), (-500, "-0.0500"), (12_345, "+1.2345"), (-1_160_000, "-116.0000"),
        (99_999, "+9.9999"),
    ])
    func signedPoints(units: Int, text: String) {
        #expect(ScoreDeltaOutput.signed(units) == text)
    }
}
