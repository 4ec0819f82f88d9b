import ArgumentParser
import Foundation
import JSONCore
import PolicyEngine
import PolicyModel
import TenantIO

extension Posture {
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate one policy definition against one resource and say why.")

        @Option(help: "The policy definition (JSON file).")
        var definition: String

        @Option(help: "The resource (JSON file: a Resource Graph row or a REST resource).")
        var resource: String

        @Option(help: "Parameter values, inline JSON or a file: {\"name\": {\"value\": ...}} or {\"name\": ...}.")
        var parameters: String?

        @Option(help: "The alias table: alias,defaultPath CSV (optionally .gz) or az provider JSON.")
        var aliases: String?

        @Option(help: "Related resources (JSON array): children and extensions such as diagnostic settings or assessments.")
        var related: String?

        @Option(help: "The instant utcNow() returns (ISO 8601); default: now.")
        var at: Instant?

        @Option(help: "Output format: json or table.")
        var format: DocumentFormat = .json

        @OptionGroup var common: CommonOptions

        func run() throws {
            let definitionJSON = try InputFile.json(definition)
            let subject = try InputFile.resource(try InputFile.json(resource), file: resource)
            var relatedResources: [Resource] = []
            if let related {
                let document = try InputFile.json(related)
                guard let items = document.arrayValue ?? document["value"]?.arrayValue else {
                    throw CommandError(InputError([Diagnostic(file: related, path: .root, message: "expected a JSON array of resources")]))
                }
                for (i, item) in items.enumerated() {
                    relatedResources.append(try InputFile.resource(item, file: related, path: .root + i))
                }
            }
            var table = AliasTable()
            if let aliases {
                do { table = try AliasFile.load(aliases) } catch { throw CommandError(error) }
            }
            let values = try parameters.map(InputFile.parameters) ?? [:]
            let policy: CompiledPolicy
            do {
                policy = try PolicyCompiler(aliases: table).compile(definitionJSON, parameters: values)
            } catch {
                throw CommandError(InputError([Diagnostic(file: definition, path: error.path, message: error.message)]))
            }
            let result = policy.evaluate(
                subject, related: InMemoryRelatedResources(relatedResources),
                environment: EvaluationEnvironment(now: Instant.or(at)), reasons: .always)
            let json: JSONValue = [
                "applicable": .bool(result.applicable),
                "complianceState": result.complianceState.map { .string($0.rawValue) } ?? .null,
                "effect": .string(result.effect.rawValue),
                "reasons": .array(result.reasons.map(JSONValue.string)),
            ]
            switch format {
            case .table:
                print("applicable: \(result.applicable)")
                print("complianceState: \(result.complianceState?.rawValue ?? "-")")
                print("effect: \(result.effect.rawValue)")
                for reason in result.reasons { print("- " + reason) }
            case .json:
                print(JSONWriter().string(json))
            }
        }
    }
}
