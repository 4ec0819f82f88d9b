import JSONCore

/// The values of a list's rows, one per key: a repeat identical to the first is dropped, a different one
/// is reported at its own path, naming the first's, so that what is recorded never depends on the order
/// of the rows.
package struct DistinctRows<Value: Equatable> {
    /// The values kept, in the order of their first rows.
    package private(set) var values: [Value] = []
    private var first: [String: (index: Int, file: String, path: String)] = [:]

    package init() {}

    /// Keeps `value`, decoded from `row`, under `key` (compared without case); reports `row` as
    /// "a second, different `noun` as `path`" when an earlier row holds a different value.
    package mutating func add(_ value: Value, key: String, row: JSONNode, noun: String) {
        let key = key.lowercased()
        if let earlier = first[key] {
            if values[earlier.index] != value {
                let place = earlier.file == row.file ? earlier.path : earlier.file + ":" + earlier.path
                row.report("a second, different \(noun) as \(place)")
            }
            return
        }
        first[key] = (values.count, row.file, row.path.description)
        values.append(value)
    }
}
