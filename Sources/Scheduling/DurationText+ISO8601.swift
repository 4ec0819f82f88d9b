extension DurationText {
    /// An elapsed time as an ISO 8601 duration in hours, minutes and seconds, zero parts left out:
    /// 75 600 → `PT21H`, 160 200 → `PT44H30M`, 0 → `PT0S`. Hours are not folded into days, because
    /// an ISO 8601 day is a calendar day (23 or 25 hours across a daylight saving change) and a lag
    /// is elapsed time. Negative values keep their sign in front: `-PT1H`.
    package static func iso8601(_ seconds: Int) -> String {
        guard seconds != 0 else { return "PT0S" }
        let magnitude = seconds.magnitude
        let (h, m, s) = (magnitude / 3_600, magnitude / 60 % 60, magnitude % 60)
        var out = seconds < 0 ? "-PT" : "PT"
        if h > 0 { out += "\(h)H" }
        if m > 0 { out += "\(m)M" }
        if s > 0 { out += "\(s)S" }
        return out
    }
}
