import History
import PolicyModel

extension HistoryReading {
    /// How the score computations of tenant `version` counted Mitigated exemptions: the version's
    /// recorded `settings.json` (the current rule, healthy, for no version or no settings).
    package func mitigatedExemptions(version: Int?) throws -> MitigatedExemptions {
        guard let version else { return .healthy }
        return try snapshot(version: version, kinds: [.settings]).tenant(file: "history version \(version)")
            .settings.mitigatedExemptions
    }

    /// `mitigatedExemptions(version:)` of each cycle's tenant version, read once per version, by cycle number.
    func mitigatedExemptions(of cycles: [Cycle]) throws -> [Int: MitigatedExemptions] {
        var byVersion: [Int: MitigatedExemptions] = [:]
        var result: [Int: MitigatedExemptions] = [:]
        for cycle in cycles {
            guard let version = cycle.tenantVersion else {
                result[cycle.seq] = .healthy
                continue
            }
            if byVersion[version] == nil { byVersion[version] = try mitigatedExemptions(version: version) }
            result[cycle.seq] = byVersion[version]
        }
        return result
    }
}
