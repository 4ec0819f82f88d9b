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

    /// The lookups of `tally` (built with every subscription kept), which made the same ones.
    init(catalog: RecommendationCatalog, ownership: Ownership, tally: TeamTally, texts: [Int64: String]) {
        self.catalog = catalog
        self.ownership = ownership
        self.texts = texts
        teams = tally.teams
        subscriptions = tally.subscriptions
        subscriptionOf = tally.subscriptionOf
        typeTeamOf = tally.typeTeamOf
        keyInfo = Array(repeating: nil, count: (texts.keys.max().map(Int.init) ?? 0) + 1)
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
