import Dispatch
import Foundation

/// `map` over all cores, results in input order (the per-object work of recording a tenant).
package enum Parallel {
    package static func map<T, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] where T: Sendable, R: Sendable {
        guard items.count > 64 else { return items.map(transform) }
        let chunks = ProcessInfo.processInfo.activeProcessorCount * 4
        let slots = Slots<[R]>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (items.count * chunk / chunks)..<(items.count * (chunk + 1) / chunks)
            slots.set(chunk, items[range].map(transform))
        }
        return slots.values.flatMap { $0 }
    }
}

/// One slot per worker, written under a lock: how concurrent workers hand back their results.
package final class Slots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    package init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    package func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    /// The values set, in slot order.
    package var values: [Value] { storage.compactMap { $0 } }

    /// The values set, in slot order, no longer held here: releasing one of them frees it.
    package func take() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        let values = storage.compactMap { $0 }
        storage = []
        return values
    }
}
