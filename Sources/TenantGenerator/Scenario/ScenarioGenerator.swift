import Foundation
import JSONCore
import PolicyModel

/// D days of churn as a scenario file (issue 6's format): each day about `churn × N`
/// events at random instants, sorted by time — property changes that flip compliance both
/// ways, creations, deletions, exemption grants (some expiring within the scenario) and
/// removals, Defender finding changes — plus a weekly on-demand scan.
struct ScenarioGenerator {
    let options: GeneratorOptions
    var inventory: Inventory
    let exemptions: ExemptionFactory
    let findings: FindingFactory

    private var variants: [Int: UInt64] = [:]
    private var alive: [Bool] = []
    private var granted: [String] = []

    init(options: GeneratorOptions, inventory: Inventory, exemptions: ExemptionFactory, findings: FindingFactory) {
        self.options = options
        self.inventory = inventory
        self.exemptions = exemptions
        self.findings = findings
    }

    enum Kind: CaseIterable {
        case change, create, delete, grant, revoke, finding
        var weight: Double {
            switch self {
            case .change: 50
            case .create: 12
            case .delete: 8
            case .grant: 10
            case .revoke: 4
            case .finding: 16
            }
        }
    }

    mutating func generate() -> [UInt8] {
        var rng = SplitMix64(seed: options.seed, stream: 4)
        var units = inventory.units
        alive = Array(repeating: true, count: units.count)
        let perDay = max(1, Int((options.churn * Double(options.resources)).rounded()))
        let start = options.baseInstant
        let end = start.addingTimeInterval(Double(options.days) * 86_400)
        let writer = JSONWriter(pretty: false)
        var out: [UInt8] = []
        out.append(contentsOf: "{\n  \"tenant\": \".\",\n  \"schedule\": ".utf8)
        JSONWriter.writeString(options.schedule, into: &out)
        out.append(
            contentsOf:
                ",\n  \"start\": \"\(ISO8601.format(start))\",\n  \"end\": \"\(ISO8601.format(end))\",\n  \"events\": ["
                .utf8)
        var first = true
        var nextOrdinal = (units.last?.ordinal ?? 0) + 1
        let kinds = Kind.allCases.map { ($0, $0.weight) }
        for day in 0..<options.days {
            let dayStart = start.addingTimeInterval(Double(day) * 86_400)
            var instants = (0..<perDay).map { _ in rng.below(86_400) }
            if day % 7 == 3 { instants.append(-1 - rng.below(86_400)) }  // negative: the weekly scan
            instants.sort { abs($0 < 0 ? -$0 - 1 : $0) < abs($1 < 0 ? -$1 - 1 : $1) }
            for slot in instants {
                let second = slot < 0 ? -slot - 1 : slot
                let at = ISO8601.format(dayStart.addingTimeInterval(Double(second)))
                var events: [JSONValue] = []
                if slot < 0 {
                    events.append(.object([("at", .string(at)), ("scan", true)]))
                } else {
                    events = self.events(
                        rng.pick(weighted: kinds), at: at, units: &units, nextOrdinal: &nextOrdinal, rng: &rng)
                }
                for event in events {
                    out.append(contentsOf: (first ? "\n    " : ",\n    ").utf8)
                    first = false
                    writer.write(event, into: &out)
                }
            }
        }
        out.append(contentsOf: (first ? "]\n}\n" : "\n  ]\n}\n").utf8)
        return out
    }

    private mutating func events(
        _ kind: Kind, at: String, units: inout [Inventory.Unit], nextOrdinal: inout Int, rng: inout SplitMix64
    ) -> [JSONValue] {
        func put(_ value: JSONValue) -> JSONValue { .object([("at", .string(at)), ("put", value)]) }
        func delete(_ id: String) -> JSONValue { .object([("at", .string(at)), ("delete", .string(id))]) }
        guard let index = pickLive(units, rng: &rng) else { return [] }
        let unit = units[index]
        switch kind {
        case .change:
            let old = inventory.rebuild(unit, variant: variants[index] ?? 0)
            let variant = rng.next()
            variants[index] = variant
            let new = inventory.rebuild(unit, variant: variant)
            let newIds = Set(new.compactMap { $0["id"]?.stringValue })
            var out = zip(new, new.map { row in old.first { $0["id"] == row["id"] } }).compactMap { row, before in
                row == before ? nil : put(row)
            }
            out += old.compactMap { $0["id"]?.stringValue }.filter { !newIds.contains($0) }.map(delete)
            units[index].ids = new.compactMap { $0["id"]?.stringValue }
            units[index].types = new.compactMap { $0["type"]?.stringValue }
            return out
        case .create:
            let (created, rows) = inventory.makeUnit(ordinal: nextOrdinal, rng: &rng)
            nextOrdinal += 1
            units.append(created)
            alive.append(true)
            return rows.map(put)
        case .delete:
            alive[index] = false
            return unit.ids.reversed().map(delete)
        case .grant:
            let id = unit.ids[0]
            var exemption = exemptions.exemption(
                scope: id, type: unit.types[0], rng: &rng, index: 100_000 + granted.count)
            if rng.chance(0.5), case .object(var object) = exemption,
                case .object(var properties)? = object["properties"]
            {
                let expiry = ISO8601.parse(at)!.addingTimeInterval(Double(1 + rng.below(14)) * 86_400)
                properties["expiresOn"] = .string(ISO8601.format(expiry))
                object["properties"] = .object(properties)
                exemption = .object(object)
            }
            granted.append(exemption["id"]?.stringValue ?? "")
            return [put(exemption)]
        case .revoke:
            guard !granted.isEmpty else { return [] }
            return [delete(granted.remove(at: rng.below(granted.count)))]
        case .finding:
            for (id, type) in zip(unit.ids, unit.types) {
                let applicable = findings.assessments(for: type)
                guard !applicable.isEmpty else { continue }
                let assessment = rng.pick(applicable)
                let code = rng.chance(0.5) ? "Healthy" : "Unhealthy"
                let finding = FindingFactory.json(
                    key: assessment.key, displayName: assessment.displayName, resourceId: id,
                    status: .object([("code", .string(code)), ("statusChangeDate", .string(at))]))
                return [.object([("at", .string(at)), ("finding", finding)])]
            }
            return []
        }
    }

    /// A random unit still alive with a workload (never a resource group's network or subscription plumbing).
    private func pickLive(_ units: [Inventory.Unit], rng: inout SplitMix64) -> Int? {
        for _ in 0..<32 {
            let i = rng.below(units.count)
            if alive[i], units[i].workload != nil { return i }
        }
        return nil
    }
}
