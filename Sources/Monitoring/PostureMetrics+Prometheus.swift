import Foundation
import PolicyModel
import Prometheus

extension PostureMetrics {
    /// The figures in the Prometheus text exposition format, for node_exporter's textfile collector.
    /// Every figure is a gauge named `posture_…`; ratios are 0…1, durations and times in seconds.
    package var prometheusText: String {
        let registry = PrometheusCollectorRegistry()
        func gauge(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
            let descriptor = MetricNameDescriptor(
                namespace: "posture", metricName: name, unitName: unit, helpText: help)
            return labels.isEmpty
                ? registry.makeGauge(descriptor: descriptor)
                : registry.makeGauge(descriptor: descriptor, labels: labels)
        }
        for s in subscriptions {
            let labels = [("subscription_id", s.subscriptionId), ("subscription_name", s.displayName)]
            gauge("secure_score", "current", "Secure score points per subscription, as Defender computes them.", labels)
                .set(s.current)
            gauge("secure_score", "max", "Secure score points available per subscription.", labels).set(s.max)
            gauge("secure_score", "ratio", "Secure score per subscription as a ratio of its maximum.", labels)
                .set(s.percentage)
        }
        for c in controls {
            let labels = [
                ("subscription_id", c.subscriptionId), ("control", c.control), ("control_name", c.displayName),
            ]
            gauge("control_score", "current", "Secure score points per control and subscription.", labels).set(
                c.current)
            gauge("control_score", "max", "Secure score points available per control and subscription.", labels)
                .set(c.max)
        }
        for (severity, count) in unhealthyBySeverity.sorted(by: { $0.key < $1.key }) {
            gauge(
                "unhealthy_assessments", "", "Unhealthy Defender assessments per recommendation severity.",
                [("severity", severity)]
            ).set(Int64(count))
        }
        gauge(
            "exemptions_expiring", "", "Policy exemptions that expire within the window.",
            [("within_days", "\(Int(expiringWindow / 86_400))")]
        ).set(Int64(expiringExemptions))
        if let lastSuccess = run.lastSuccess {
            gauge("last_success", "timestamp_seconds", "When the last successful run finished (Unix time).")
                .set(lastSuccess.timeIntervalSince1970)
        }
        gauge("last_run", "success", "1 when the last run succeeded, 0 when it failed.").set(
            Int64(run.succeeded ? 1 : 0))
        gauge("cycles_executed", "", "Policy, Defender and score cycles executed by the last run.")
            .set(Int64(run.cyclesExecuted))
        if let d = run.exportDuration {
            gauge("export_duration", "seconds", "How long the last export from Azure took.").set(d.inSeconds)
        }
        if let d = run.runDuration {
            gauge("run_duration", "seconds", "How long the last run of due cycles took.").set(d.inSeconds)
        }
        return registry.emitToString()
    }
}
