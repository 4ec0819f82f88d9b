#!/usr/bin/env bash
# Renders HTML or SVG files in headless Chromium and checks each screenshot is not blank:
# enough non-white pixels, several colours, and the chart's first line colour (#4e79a7) present.
#
#   scripts/check-render.sh [--keep DIR] FILE...     exit 0 when every file renders, 1 otherwise,
#                                                     77 when Chromium is not installed
# Used by Tests/HistoryQueriesTests/RenderInBrowserTests.swift on the report and the trend chart.
set -euo pipefail

keep=""
if [ "${1:-}" = "--keep" ]; then keep="$2"; shift 2; fi
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
    echo "check-render: Chromium is not installed (apt-get install chromium)" >&2
    exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for file in "$@"; do
    png="$work/$(basename "$file").png"
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
        --screenshot="$png" --window-size=1280,1600 "file://$(realpath "$file")" >/dev/null 2>&1 || true
    if [ ! -s "$png" ]; then
        echo "check-render: $file: Chromium wrote no screenshot" >&2
        status=1
        continue
    fi
    [ -n "$keep" ] && cp "$png" "$keep/"
    python3 - "$file" "$png" <<'PY' || status=1
import struct, sys, zlib

def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), f"unsupported PNG (depth {depth}, colour type {color})"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    previous, rows, i = bytearray(stride), [], 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1: line[x] = (line[x] + a) & 255
            elif kind == 2: line[x] = (line[x] + b) & 255
            elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return [tuple(row[x:x + 3]) for row in rows for x in range(0, stride, channels)]

file, png = sys.argv[1], sys.argv[2]
px = pixels(png)
ink = sum(1 for p in px if sum(p) < 600) / len(px)
colours = len(set(px))
line = sum(1 for p in px if abs(p[0] - 0x4e) + abs(p[1] - 0x79) + abs(p[2] - 0xa7) < 24)
if ink < 0.005 or colours < 8 or line < 50:
    print(f"check-render: {file}: blank or broken render ({ink:.2%} ink, {colours} colours, {line} chart-line pixels)", file=sys.stderr)
    sys.exit(1)
print(f"ok: {file} ({ink:.2%} ink, {colours} colours, {line} chart-line pixels)")
PY
done
exit $status
