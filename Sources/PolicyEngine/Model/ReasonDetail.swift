/// Which evaluation results carry reasons in words. Building them walks the rule a second time
/// and formats values, so a cycle that only counts states can turn them off.
public enum ReasonDetail: Sendable, Hashable {
    /// No reasons, except for Error results (their one reason is the failure).
    case never
    /// Reasons for NonCompliant and Error results (the default).
    case whenNotCompliant
    /// Reasons for every result, Compliant ones included.
    case always
}
