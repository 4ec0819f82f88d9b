import Foundation
import PolicyModel

/// A score trend as a standalone SVG line chart: a 0–100 % axis with grid lines, dated samples
/// along the bottom, one labelled line per series. No script, no external resource.
package struct TrendChart: Sendable {
    package var trend: ScoreTrend
    package var title: String
    package var width = 960.0
    package var height = 440.0

    package init(trend: ScoreTrend, title: String) {
        self.trend = trend
        self.title = title
    }

    /// Tableau's ten colours: distinct, and readable by most colour-blind people.
    static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    private var plot: (left: Double, right: Double, top: Double, bottom: Double) {
        (64, width - 260, 48, height - 56)
    }

    private func x(_ index: Int) -> Double {
        let count = trend.samples.count
        guard count > 1 else { return (plot.left + plot.right) / 2 }
        return plot.left + (plot.right - plot.left) * Double(index) / Double(count - 1)
    }

    private func y(_ ratio: Double) -> Double { plot.bottom - (plot.bottom - plot.top) * min(max(ratio, 0), 1) }

    package var svg: String {
        var out = [
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(Self.n(width))" height="\##(Self.n(height))" viewBox="0 0 \##(Self.n(width)) \##(Self.n(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">"##,
            "<title>\(Self.escape(title))</title>",
            ##"<rect width="100%" height="100%" fill="#ffffff"/>"##,
            ##"<text x="\##(Self.n(plot.left))" y="26" font-size="16" font-weight="bold" fill="#222222">\##(Self.escape(title))</text>"##,
        ]
        for tick in stride(from: 0, through: 100, by: 25) {
            let ty = y(Double(tick) / 100)
            out.append(
                ##"<line x1="\##(Self.n(plot.left))" y1="\##(Self.n(ty))" x2="\##(Self.n(plot.right))" y2="\##(Self.n(ty))" stroke="#dddddd"/>"##
            )
            out.append(
                ##"<text x="\##(Self.n(plot.left - 8))" y="\##(Self.n(ty + 4))" text-anchor="end" fill="#555555">\##(tick)%</text>"##
            )
        }
        out.append(
            ##"<line x1="\##(Self.n(plot.left))" y1="\##(Self.n(plot.bottom))" x2="\##(Self.n(plot.right))" y2="\##(Self.n(plot.bottom))" stroke="#555555"/>"##
        )
        out.append(
            ##"<line x1="\##(Self.n(plot.left))" y1="\##(Self.n(plot.top))" x2="\##(Self.n(plot.left))" y2="\##(Self.n(plot.bottom))" stroke="#555555"/>"##
        )
        for index in labelledSamples {
            let tx = x(index)
            out.append(
                ##"<line x1="\##(Self.n(tx))" y1="\##(Self.n(plot.bottom))" x2="\##(Self.n(tx))" y2="\##(Self.n(plot.bottom + 5))" stroke="#555555"/>"##
            )
            out.append(
                ##"<text x="\##(Self.n(tx))" y="\##(Self.n(plot.bottom + 20))" text-anchor="middle" fill="#555555">\##(Self.day(trend.samples[index]))</text>"##
            )
        }
        for (number, series) in trend.series.enumerated() {
            let color = Self.palette[number % Self.palette.count]
            for segment in segments(series.values) {
                let points = segment.map { "\(Self.n(x($0))),\(Self.n(y(series.values[$0]!)))" }.joined(separator: " ")
                if segment.count == 1 {
                    out.append(
                        ##"<circle cx="\##(Self.n(x(segment[0])))" cy="\##(Self.n(y(series.values[segment[0]]!)))" r="3" fill="\##(color)"/>"##
                    )
                } else {
                    out.append(##"<polyline fill="none" stroke="\##(color)" stroke-width="2" points="\##(points)"/>"##)
                }
            }
            let ly = plot.top + 8 + Double(number) * 20
            let last = series.values.last { $0 != nil }.flatMap { $0 }.map { " " + Figures.percent($0) } ?? ""
            out.append(
                ##"<rect x="\##(Self.n(plot.right + 16))" y="\##(Self.n(ly - 9))" width="14" height="10" fill="\##(color)"/>"##
            )
            out.append(
                ##"<text x="\##(Self.n(plot.right + 36))" y="\##(Self.n(ly))" fill="#222222">\##(Self.escape(Self.short(series.label)))\##(last)</text>"##
            )
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// Up to eight evenly spaced samples get a date label, the first and last always.
    private var labelledSamples: [Int] {
        let count = trend.samples.count
        guard count > 0 else { return [] }
        let step = max(1, Int((Double(count - 1) / 7).rounded(.up)))
        var indices = Array(stride(from: 0, to: count, by: step))
        if indices.last != count - 1 { indices.append(count - 1) }
        if indices.count > 1, indices[indices.count - 1] - indices[indices.count - 2] < step / 2 {
            indices.remove(at: indices.count - 2)
        }
        return indices
    }

    /// Runs of consecutive samples with a value: a line breaks where nothing was scored.
    private func segments(_ values: [Double?]) -> [[Int]] {
        var result: [[Int]] = []
        var current: [Int] = []
        for (index, value) in values.enumerated() {
            if value != nil {
                current.append(index)
            } else if !current.isEmpty {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// `2026-11-21`: the UTC day of an instant.
    package static func day(_ date: Date) -> String { String(ISO8601.format(date).prefix(10)) }

    /// A legend label of at most 30 characters.
    static func short(_ label: String) -> String { label.count > 30 ? label.prefix(29) + "…" : label }

    static func n(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text and attribute values with XML's five special characters escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
