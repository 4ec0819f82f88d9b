/// One (resource, recommendation) pair's assessment status, in integers: the resource by its row
/// in the history's `resources` dictionary, the recommendation key by its text id.
package struct PairStatus: Sendable, Equatable {
    /// `resource << 32 | key`: sorting by it sorts by resource, then key.
    let pair: UInt64
    package let code: StatusCode

    init(pair: UInt64, code: StatusCode) {
        self.pair = pair
        self.code = code
    }

    /// The resource's row in the `resources` dictionary.
    package var resource: Int64 { Int64(pair >> 32) }
    /// The recommendation key's text id.
    package var key: Int64 { Int64(pair & 0xFFFF_FFFF) }
}
