import Foundation

/// A value made once per backend, on first use, and shared by the tests of the process: a history
/// several tests read (the demo month), or what is computed from it. A failure is kept and thrown
/// to every test that asks, so each of them fails with the reason instead of the process trapping.
package final class PerBackend<Value: Sendable>: Sendable {
    private let sqlite: Once<Value>
    private let postgres: Once<Value>

    package init(_ make: @escaping @Sendable (Backend) throws -> Value) {
        sqlite = Once { try make(.sqlite) }
        postgres = Once { try make(.postgres) }
    }

    /// The value on `backend`, made now if no test asked for it before.
    package func callAsFunction(_ backend: Backend) throws -> Value {
        switch backend {
        case .sqlite: try sqlite.value()
        case .postgres: try postgres.value()
        }
    }
}

/// A value made by the first caller; the others wait for it.
private final class Once<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `result` is read and written under `lock` only.
    private let lock = NSLock()
    private var result: Result<Value, any Error>?
    private let make: @Sendable () throws -> Value

    init(_ make: @escaping @Sendable () throws -> Value) { self.make = make }

    func value() throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let result { return try result.get() }
        let made = Result { try make() }
        result = made
        return try made.get()
    }
}
