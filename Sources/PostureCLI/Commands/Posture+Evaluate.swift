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

        @Option(
            help: ArgumentHelp(
                "The resource (JSON file): a Resource Graph row, a REST resource, or a template resource without id.",
                discussion: "A resource without 'id' (an ARM template or Bicep what-if body: type, name, apiVersion, "
                    + "location, kind, properties) gets one from its type and name under a placeholder subscription "
                    + "and resource group; 'parent/child' names give child resources their parents."))
        var resource: String

        @Option(help: "The resource id to evaluate the resource under (replaces the body's id or the placeholder).")
        var id: String?

        @Option(help: "Parameter values, inline JSON or a file: {\"name\": {\"value\": ...}} or {\"name\": ...}.")
        var parameters: String?

        @Option(help: "The alias table: alias,defaultPath CSV (optionally .gz) or az provider JSON.")
        var aliases: String?

        @Option(
            help: ArgumentHelp(
                "Related resources: children and extensions such as diagnostic settings or assessments.",
                discussion: "An array, {\"data\": [...]}, {\"value\": [...]} or one resource, as tenant files."))
        var related: String?

        @Option(help: "The instant utcNow() returns (ISO 8601); default: now.")
        var at: Instant?

        @Option(help: "Output format: json or table.")
        var format: DocumentFormat = .json

        @OptionGroup var common: CommonOptions

        func validate() throws {
            if let id, !id.hasPrefix("/") {
                throw ValidationError("--id '\(id.prefix(200))' is not an Azure id (it must start with '/')")
            }
        }

        func run() throws {
            let result = try evaluation()
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

        /// Reads and checks the inputs, compiles the definition and evaluates the resource: what
        /// `run` prints. Bad input ends in exit 2 with the file and JSON path named.
        func evaluation() throws -> EvaluationResult {
            let definitionJSON = try InputFile.json(definition)
            let subject = try TemplateResource.resource(try InputFile.json(resource), file: resource, id: id)
            let relatedResources =
                try related.map { try TemplateResource.resources(try InputFile.json($0), file: $0) } ?? []
            var table = AliasTable()
            if let aliases {
                do { table = try AliasFile.load(aliases) } catch { throw CommandError(error) }
            }
            let values = try parameters.map(InputFile.parameters) ?? [:]
            if let parameters {
                let inline = parameters.trimmingCharacters(in: .whitespaces).hasPrefix("{")
                try EvaluateInput.checkParameters(
                    values, definition: definitionJSON, file: inline ? "--parameters" : parameters)
            }
            let policy: CompiledPolicy
            do {
                policy = try PolicyCompiler(aliases: table).compile(definitionJSON, parameters: values)
            } catch {
                throw CommandError(
                    InputError([
                        EvaluateInput.diagnostic(error, file: definition, aliasesGiven: aliases != nil)
                    ]))
            }
            return policy.evaluate(
                subject, related: InMemoryRelatedResources(relatedResources),
                environment: EvaluationEnvironment(now: Instant.or(at)), reasons: .always)
        }
    }
}
