import Defender
import History
import PolicyModel

/// What the review needs to know of each assessment pair, looked up once per resource row and
/// per key text id: the resource's subscription and owning team (by type), the key's control,
/// severity and category team. A pair's team is its resource's, else its key's, else unowned,
/// as `ScoreCalculator.teamScores` decides.
struct PairContext {
    let teams: [String]
    let catalog: RecommendationCatalog
    private(set) var subscriptions: [String] = []
    /// By resource row: its subscription's index (-1: unknown) and its type's team (-1: none).
    private var subscriptionOf: [Int] = []
    private var typeTeamOf: [Int] = []
    /// By key text id, filled as met.
    private var keyInfo: [KeyInfo?]
    let texts: [Int64: String]
    private let ownership: Ownership

    struct KeyInfo {
        var control: String?
        var severity: String
        var team: Int
    }

    init(
        catalog: RecommendationCatalog, ownership: Ownership, resources: [Int64: (id: String, subscriptionId: String)],
        texts: [Int64: String]
    ) {
        self.catalog = catalog
        self.ownership = ownership
        self.texts = texts
        teams = ownership.teams.map(\.name) + [ScoreCalculator.unowned]
        keyInfo = Array(repeating: nil, count: (texts.keys.max().map(Int.init) ?? 0) + 1)
        let rows = (resources.keys.max().map(Int.init) ?? 0) + 1
        subscriptionOf = Array(repeating: -1, count: rows)
        typeTeamOf = Array(repeating: -1, count: rows)
        var index: [String: Int] = [:]
        var teamOfType: [String: Int] = [:]
        for (row, resource) in resources {
            let sub = resource.subscriptionId.lowercased()
            if index[sub] == nil {
                index[sub] = subscriptions.count
                subscriptions.append(sub)
            }
            subscriptionOf[Int(row)] = index[sub]!
            let type = ResourceID(resource.id).resourceType?.lowercased() ?? ""
            if let known = teamOfType[type] {
                typeTeamOf[Int(row)] = known
            } else {
                let team = ownership.team(resourceType: type, categories: []).flatMap { teams.firstIndex(of: $0) } ?? -1
                teamOfType[type] = team
                typeTeamOf[Int(row)] = team
            }
        }
    }

    /// The index in `subscriptions` of a resource row's subscription; -1 when the row is unknown.
    func subscriptionIndex(_ resource: Int64) -> Int {
        let row = Int(resource)
        guard row >= 0, row < subscriptionOf.count else { return -1 }
        return subscriptionOf[row]
    }

    /// The lower-cased subscription id of a resource row; nil when the row is unknown.
    func subscription(_ resource: Int64) -> String? {
        let row = Int(resource)
        guard row >= 0, row < subscriptionOf.count, subscriptionOf[row] >= 0 else { return nil }
        return subscriptions[subscriptionOf[row]]
    }

    /// The key's control, severity and category team.
    mutating func info(_ key: Int64) -> KeyInfo {
        let slot = Int(key)
        if slot >= 0, slot < keyInfo.count, let known = keyInfo[slot] { return known }
        let text = texts[key] ?? ""
        let recommendation = catalog[text]
        let team = ownership.team(resourceType: "", categories: recommendation?.categories ?? []).flatMap {
            teams.firstIndex(of: $0)
        }
        let info = KeyInfo(
            control: catalog.scoredControl(of: text), severity: recommendation?.severity ?? "",
            team: team ?? teams.count - 1)
        if slot >= 0, slot < keyInfo.count { keyInfo[slot] = info }
        return info
    }

    /// The index in `teams` of the team owning a pair.
    mutating func team(resource: Int64, key: Int64) -> Int {
        let row = Int(resource)
        if row >= 0, row < typeTeamOf.count, typeTeamOf[row] >= 0 { return typeTeamOf[row] }
        return info(key).team
    }
}
