import ArgumentParser
import Foundation
import PolicyModel

/// An ISO 8601 instant that names its zone (`Z` or `±hh:mm`), as every date an ingest records must:
/// a zone-less `--visible-at` is refused like a zone-less timestamp in the file.
struct ZonedInstant: ExpressibleByArgument {
    let date: Date

    init?(argument: String) {
        guard let date = ISO8601.parseInstant(argument) else { return nil }
        self.date = date
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
