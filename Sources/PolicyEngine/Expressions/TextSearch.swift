/// Substring search in linear time (Knuth–Morris–Pratt), so that a long needle in a long text
/// costs the sum of their lengths, never their product.
struct TextSearch<Element: Equatable> {
    let needle: [Element]
    /// For each prefix of the needle, the length of its longest proper prefix that is also a suffix.
    private let failure: [Int]

    init(_ needle: [Element]) {
        self.needle = needle
        var failure = [Int](repeating: 0, count: needle.count)
        var k = 0
        var i = 1
        while i < needle.count {
            while k > 0 && needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure[i] = k
            i += 1
        }
        self.failure = failure
    }

    /// The start of the first occurrence at or after `from` that ends at or before `to`, or nil.
    /// An empty needle is found at `from`.
    func firstIndex(in text: [Element], from: Int = 0, to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? text.count, text.count)
        guard !needle.isEmpty else { return from <= end ? from : nil }
        var k = 0
        var i = Swift.max(0, from)
        while i < end {
            while k > 0 && text[i] != needle[k] { k = failure[k - 1] }
            if text[i] == needle[k] { k += 1 }
            if k == needle.count { return i + 1 - k }
            i += 1
        }
        return nil
    }

    /// The starts of every non-overlapping occurrence, left to right (an empty needle finds none).
    func allIndices(in text: [Element]) -> [Int] {
        guard !needle.isEmpty else { return [] }
        var found: [Int] = []
        var from = 0
        while let i = firstIndex(in: text, from: from) {
            found.append(i)
            from = i + needle.count
        }
        return found
    }
}

extension TextSearch {
    /// The start of the last occurrence, or nil (an empty needle is found at the end).
    func lastIndex(in text: [Element]) -> Int? {
        let reversed = TextSearch(needle.reversed())
        guard let i = reversed.firstIndex(in: text.reversed()) else { return nil }
        return text.count - i - needle.count
    }
}
