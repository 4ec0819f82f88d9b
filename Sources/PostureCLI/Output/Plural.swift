/// Counts with their nouns: "1 cycle", "2 cycles".
enum Plural {
    /// `count` and `noun`, with an "s" unless the count is one (or `plural` when given).
    static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}
