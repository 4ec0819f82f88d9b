import PolicyModel

extension ComplianceState {
    /// The rank by which the states of several assignments feeding one Defender recommendation on one
    /// resource combine, 0 the strongest: NonCompliant, Error, Compliant, Conflict, Protected, Exempt,
    /// Unknown.
    ///
    /// Microsoft documents no rank for this case. Azure Policy's roll-up rank
    /// (``ComplianceState/rank``) puts Compliant above Error; here Error, a failed evaluation that
    /// Azure Policy treats as an implicit deny, ranks next to NonCompliant so that a security
    /// recommendation never turns healthy because one assignment could not be evaluated
    /// (Docs/Semantics.md, "Defender"). Regulatory compliance controls are initiative groups, for which
    /// Microsoft documents the roll-up: they use ``ComplianceState/rank``.
    package var defenderRank: Int {
        switch self {
        case .nonCompliant: 0
        case .error: 1
        case .compliant: 2
        case .conflict: 3
        case .protected: 4
        case .exempt: 5
        case .unknown: 6
        }
    }
}
