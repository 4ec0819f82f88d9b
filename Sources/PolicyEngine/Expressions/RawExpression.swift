/// An ARM template expression as parsed, before names are resolved: `concat(field('name'), 'x')`.
indirect enum RawExpression: Sendable, Equatable {
    case string(String)
    case number(Double)
    /// A function call by name (`toLower`), names compared ignoring case.
    case call(String, [RawExpression])
    /// `.name` after a value (`subscription().subscriptionId`).
    case member(RawExpression, String)
    /// `[index]` after a value (`split(x, '/')[2]`).
    case index(RawExpression, RawExpression)
}
