/// A history operation that cannot proceed, with a sentence a user can act on.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
