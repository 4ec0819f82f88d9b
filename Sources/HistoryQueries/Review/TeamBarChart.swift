/// One team's month as a small SVG bar chart: points gained and lost, High-severity assessments
/// still unhealthy and closed, each bar scaled to the largest of its kind over all teams so the
/// teams compare at a glance. No script, no external resource.
struct TeamBarChart {
    var row: MonthlyReview.TeamRow
    /// The largest of each measure over the teams (gained, lost, open High, closed High).
    var scale: (gained: Int, lost: Int, open: Int, closed: Int)

    static let width = 360.0
    static let barWidth = 180.0

    var svg: String {
        let bars: [(label: String, value: Double, max: Double, text: String, color: String)] = [
            (
                "points gained", Double(row.gainedUnits), Double(scale.gained), MonthlyReview.signed(row.gainedUnits),
                "#59a14f"
            ),
            ("points lost", Double(row.lostUnits), Double(scale.lost), MonthlyReview.signed(-row.lostUnits), "#e15759"),
            (
                "High unhealthy", Double(row.unhealthyHighSeverity), Double(scale.open),
                String(row.unhealthyHighSeverity), "#f28e2b"
            ),
            (
                "High closed", Double(row.closedHighSeverity), Double(scale.closed), String(row.closedHighSeverity),
                "#4e79a7"
            ),
        ]
        let height = 24.0 + Double(bars.count) * 18
        let (w, h) = (Int(Self.width), Int(height))
        let font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"11\""
        var out = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"team\" width=\"\(w)\" height=\"\(h)\" "
                + "viewBox=\"0 0 \(w) \(h)\" \(font)>",
            "<title>\(TrendChart.escape(row.team))</title>",
            "<text x=\"0\" y=\"13\" font-size=\"12\" font-weight=\"bold\" fill=\"#222222\">"
                + "\(TrendChart.escape(TrendChart.short(row.team)))</text>",
        ]
        for (i, bar) in bars.enumerated() {
            let y = TrendChart.n(22.0 + Double(i) * 18 + 10)
            let top = TrendChart.n(22.0 + Double(i) * 18 + 1)
            let length = bar.max > 0 ? Self.barWidth * min(1, max(0, bar.value / bar.max)) : 0
            out.append("<text x=\"0\" y=\"\(y)\" fill=\"#555555\">\(bar.label)</text>")
            func rect(_ width: Double, _ color: String) -> String {
                "<rect x=\"100\" y=\"\(top)\" width=\"\(TrendChart.n(width))\" height=\"12\" fill=\"\(color)\"/>"
            }
            out.append(rect(Self.barWidth, "#f0f0f0"))
            if length > 0 { out.append(rect(length, bar.color)) }
            out.append(
                "<text x=\"\(TrendChart.n(104 + Self.barWidth))\" y=\"\(y)\" fill=\"#222222\">"
                    + "\(TrendChart.escape(bar.text))</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }
}
