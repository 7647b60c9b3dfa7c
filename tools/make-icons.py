#!/usr/bin/env python3
"""Draws Whisper's app icons (PNG) for the web manifest: a speech bubble on the accent colour.

Run from the repository root: python3 tools/make-icons.py. Pure standard library, so the icons can be
redrawn anywhere; the PNGs are committed under Whisper.Web/wwwroot/icons/.
"""
import struct
import zlib

ACCENT = (0x33, 0x46, 0xD3)
WHITE = (0xFF, 0xFF, 0xFF)


def inside_rounded(x, y, left, top, right, bottom, radius):
    if x < left or x > right or y < top or y > bottom:
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_triangle(x, y, a, b, c):
    def side(p, q, r):
        return (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1])
    d1, d2, d3 = side((x, y), a, b), side((x, y), b, c), side((x, y), c, a)
    return not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0))


def colour(u, v, maskable):
    """The colour at (u, v) in 0..1 icon coordinates; None is transparent."""
    if not maskable and not inside_rounded(u, v, 0, 0, 1, 1, 0.22):
        return None
    # A maskable icon keeps its drawing inside the central 80 % safe zone.
    s, o = (0.62, 0.19) if maskable else (0.74, 0.13)
    bu, bv = (u - o) / s, (v - o) / s
    bubble = inside_rounded(bu, bv, 0.05, 0.12, 0.95, 0.72, 0.18) or inside_triangle(bu, bv, (0.22, 0.66), (0.42, 0.66), (0.16, 0.90))
    if not bubble:
        return ACCENT
    for dot in (0.30, 0.50, 0.70):
        if (bu - dot) ** 2 + (bv - 0.42) ** 2 <= 0.065 ** 2:
            return ACCENT
    return WHITE


def png(size, maskable):
    rows = []
    samples = ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            r = g = b = a = 0
            for dx, dy in samples:
                c = colour((x + dx) / size, (y + dy) / size, maskable)
                if c is not None:
                    r += c[0]; g += c[1]; b += c[2]; a += 255
            n = len(samples)
            row += bytes((r // max(1, a // 255), g // max(1, a // 255), b // max(1, a // 255), a // n)) if a else bytes(4)
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True), ("apple-touch-icon.png", 180, True)):
    with open(f"Whisper.Web/wwwroot/icons/{name}", "wb") as out:
        out.write(png(size, maskable))
    print("wrote", name)
