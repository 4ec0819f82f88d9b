/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014): a small
/// seeded generator whose sequence depends only on its seed, on every platform and Swift version, so that
/// a generated tenant is the same byte for byte and a Monte Carlo run is reproducible. Not for cryptography.
///
/// The helpers below never call the standard library's `random(in:)`, whose algorithm may change between
/// Swift releases; they use their own arithmetic.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The generator whose first output is the mix of `seed + 0x9E3779B97F4A7C15`.
    package init(seed: UInt64) {
        state = seed
    }

    /// A generator for one named stream under a seed: independent of every other stream,
    /// so adding a stream never shifts the values of another.
    package init(seed: UInt64, stream: UInt64) {
        state = SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x9E37_79B9_7F4A_7C15))
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective 64-bit mix.
    @inlinable package static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`bound` > 0), by Lemire's multiply-shift (bias below 2^-32 for our bounds).
    package mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(((next() >> 32) &* UInt64(bound)) >> 32)
    }

    /// A value in `range`.
    package mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// A uniform number in [0, 1) from the next output's top 53 bits: every multiple of 2⁻⁵³.
    package mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// One element of a non-empty array.
    package mutating func pick<T>(_ elements: [T]) -> T {
        elements[below(elements.count)]
    }

    /// One element, chosen with the given relative weights.
    package mutating func pick<T>(weighted choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var x = unit() * total
        for (value, weight) in choices {
            if x < weight { return value }
            x -= weight
        }
        return choices[choices.count - 1].0
    }
}
