/// Dense indexes for the subscriptions (by lower-cased id) and controls (by key) of a replay.
struct ReplayIndex {
    private(set) var subscriptions: [String] = []
    private(set) var controls: [String] = []
    private var subscriptionIndex: [String: Int] = [:]
    private var controlIndex: [String: Int] = [:]

    mutating func subscription(_ id: String) -> Int {
        let key = id.lowercased()
        if let known = subscriptionIndex[key] { return known }
        subscriptionIndex[key] = subscriptions.count
        subscriptions.append(key)
        return subscriptions.count - 1
    }

    mutating func control(_ key: String) -> Int {
        if let known = controlIndex[key] { return known }
        controlIndex[key] = controls.count
        controls.append(key)
        return controls.count - 1
    }
}
