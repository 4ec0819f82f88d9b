/// How Azure Policy treats a changed resource between its regular cycles (`policy.onChange`).
package enum OnChange: Sendable, Hashable, CustomStringConvertible {
    /// A change shows only after the next regular cycle (what seed 003 observed).
    case off
    /// The changed resource alone is re-evaluated and its state is visible this many seconds after
    /// the change (the documentation's "about 15 minutes").
    case after(seconds: Int)

    /// `off`, or the delay in schedule notation (`15m`).
    package var description: String {
        switch self {
        case .off: "off"
        case .after(let seconds): DurationText.format(seconds)
        }
    }
}
