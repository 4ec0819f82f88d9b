import JSONCore
import PolicyModel

extension Assessment {
    /// Whether the assessment has the status `cause` and the status `code` given (`nil`: any), compared
    /// ignoring case as Azure's names are: what `posture assessments --cause --status` keeps.
    package func matches(cause: String?, status code: String?) -> Bool {
        if let cause, !(self.cause?.equalsIgnoringASCIICase(cause) ?? false) { return false }
        if let code, !status.rawValue.equalsIgnoringASCIICase(code) { return false }
        return true
    }
}
