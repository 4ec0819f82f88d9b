extension Duration {
    /// The duration in seconds, as a `Double` (for figures and progress lines).
    package var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
